/**
 * What the owner must configure before the apps' think-fed content can appear: the {@code setup} field that Todos,
 * Entities, Calendar and Home add to their view JSON ({@link ThinkSetup}). Insights, todos, entities and calendar
 * events are extracted from the day by the think pipeline, which needs an LLM provider; with none configured the
 * pipeline attempts nothing and these apps show a notice saying what to configure. The answer comes from
 * {@code cortex.api.Providers} ({@code configured()}, {@code howToConfigure()}), found in the app registry; this package
 * never reaches into cortex internals and never names a key or secret.
 *
 * <p>Threading: stateless; the registry is asked on every call (a provider configured while Engram runs is seen at
 * the next page load, as the provider layer reads its configuration at every request). Failures: no
 * {@code Providers} service in the registry (a server built without cortex) reads as "not configured", with a
 * generic how-to.
 */
package dev.engram.apps.setup;
