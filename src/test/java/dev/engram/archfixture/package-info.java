/**
 * Test fixture for the architecture rules: service packages that break them on purpose ({@code cortex.ReachesIn},
 * {@code index.api.SearcherImpl}) and use them as allowed ({@code cortex.UsesApi}).
 */
package dev.engram.archfixture;
