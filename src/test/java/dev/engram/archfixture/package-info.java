/**
 * Test fixture for the architecture rules: service packages that break them on purpose ({@code cortex.ReachesIn},
 * {@code index.api.SearcherImpl}, {@code index.api.CheckedFailure}) and use them as allowed ({@code cortex.UsesApi},
 * {@code index.api.SearchFailed}).
 */
package dev.engram.archfixture;
