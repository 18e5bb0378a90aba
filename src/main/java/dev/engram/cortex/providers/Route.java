package dev.engram.cortex.providers;

/** Where one use of a model goes: the endpoint and the model asked there, for a tier. */
record Route(Endpoint endpoint, String model, String tier) {
}
