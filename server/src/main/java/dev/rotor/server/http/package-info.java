/**
 * The HTTP layer: {@link dev.rotor.server.http.HttpServer} (limits, health, metrics, error mapping) and the helpers
 * every dialect shares ({@link dev.rotor.server.http.Bodies}, {@link dev.rotor.server.http.Responses}).
 *
 * <h2>Adding a dialect</h2>
 * <ol>
 *   <li>Write {@code dialect/FooDialect implements Dialect}, a final class whose constructor takes
 *       {@link dev.rotor.server.http.Services} and reads its settings with
 *       {@code services.settings().dialect("foo", new DialectDefaults(rotation, accessTtl, refreshTtl))}.
 *       {@code enabled()} and {@code prefix()} return that {@code DialectSettings}' values.</li>
 *   <li>In {@code routes(Routes r)} register {@code r.post("/path", this::handler)} with the paths as DIALECTS.md
 *       writes them; {@link dev.rotor.server.http.Routes} adds the prefix.</li>
 *   <li>In a handler: read the body with {@code Bodies.json(ctx)} / {@code Bodies.form(ctx)} and catch
 *       {@link dev.rotor.server.http.BadBody} to word field errors your way; refresh through
 *       {@code services.refresh().refresh(rules, secret)} (metered); write with {@code Responses.token(...)} whenever
 *       the body carries a token (adds {@code Cache-Control: no-store}, {@code Pragma: no-cache}).</li>
 *   <li>{@code errorShape()} writes your error body for a status and a generic message: it is used for 413, 404/405
 *       on your paths, an uncaught {@code BadBody} (400) and any 5xx. Never put an exception message in a body.</li>
 *   <li>If OAuth 2.0 introspection should know your tokens, return a
 *       {@link dev.rotor.server.http.TokenIntrospector} from {@code introspectors()}.</li>
 *   <li>Add one line to {@code dialect/Dialects.all(...)}; add your name to {@code Settings.DIALECT_NAMES} if it is
 *       new, and any setting of your own to {@code Settings.DIALECT_EXTRAS}.</li>
 *   <li>Tests: start {@code HttpServer} on port 0 with just your dialect (see {@code TestServer} in the tests).</li>
 * </ol>
 */
package dev.rotor.server.http;
