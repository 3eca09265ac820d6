package dev.rotor.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.core.Outcome;
import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.refresh.RefreshService;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.RotationPolicy;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.store.User;
import dev.rotor.core.token.Secrets;
import dev.rotor.core.token.SuccessorDeriver;
import dev.rotor.server.crypto.JwtCodec;
import dev.rotor.server.crypto.KeyRingConfig;
import dev.rotor.server.crypto.KeyRings;
import dev.rotor.server.crypto.MasterKey;
import dev.rotor.server.store.jdbc.JdbcStores;
import dev.rotor.server.store.sqlite.SqliteStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our own ceiling: one refresh with rotation through the core engine on the real SQLite store (WAL, fsync on commit,
 * group commit) plus one access-token signature, with no HTTP, no parsing and no JSON. Run it with as many JMH
 * threads as the load generator has connections, so that commits are shared the way they are under HTTP load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class RefreshBenchmark {

    /** EdDSA: the oauth2 dialect's default signer; HS256: simplejwt's. */
    @Param({"EdDSA", "HS256"})
    public String alg;

    Engine engine;

    @Setup(Level.Trial)
    public void open() {
        engine = Engine.open(JWSAlgorithm.parse(alg));
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }

    /** One session per benchmark thread; each invocation presents the token the previous one got back. */
    @State(Scope.Thread)
    public static class Session {
        byte[] secret;

        @Setup(Level.Trial)
        public void start(RefreshBenchmark bench) {
            secret = bench.engine.startSession();
        }
    }

    @Benchmark
    public String refresh(Session session) {
        Engine.Result r = engine.refresh(session.secret);
        session.secret = r.nextSecret();
        return r.accessToken();
    }

    /** The engine as the composition root wires it for one dialect, on a throw-away data directory. */
    public static final class Engine implements AutoCloseable {
        static final String DIALECT = "bench";
        static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

        private final Path dir;
        private final JdbcStores stores;
        private final KeyRings keys;
        private final JwtCodec signer;
        private final RefreshService refresh;
        private final SessionService sessions;
        private final DialectRules rules;
        private final Clock clock = Clock.systemUTC();

        private Engine(Path dir, JWSAlgorithm alg) {
            this.dir = dir;
            this.stores = SqliteStores.open(dir);
            MasterKey master = MasterKey.resolve(null, dir);
            KeyRingConfig config = JWSAlgorithm.HS256.equals(alg)
                    ? KeyRingConfig.sharedSecret(DIALECT, Base64.getEncoder().encodeToString(Secrets.random(32)),
                            false, Duration.ofDays(1))
                    : KeyRingConfig.generated(DIALECT, alg, true, Duration.ofDays(1));
            this.keys = KeyRings.open(stores.keys(), master.keyEncryption(), clock, List.of(config));
            this.signer = keys.ring(DIALECT);
            // The refresh secret of the dialect each row stands for: oauth2's 32 bytes, simplejwt's 16-byte jti; both
            // start with their issue stamp and append to the key index (RefreshKey).
            int secretBytes = JWSAlgorithm.HS256.equals(alg) ? 16 : 32;
            this.rules = new DialectRules(DIALECT, new RotationPolicy.Always(),
                    Lifetimes.of(Duration.ofMinutes(5), Duration.ofDays(14), Duration.ofDays(90)), secretBytes, 0);
            this.refresh = new RefreshService(stores.tokens(), stores.users(), clock,
                    new SuccessorDeriver(master.successorKey()), Duration.ofSeconds(10), SecurityEvents.NONE);
            this.sessions = new SessionService(stores.tokens(), stores.users(), clock, SecurityEvents.NONE);
            stores.users().add(new User("1", "bench", "bench@example.com", "Bench", "User", "user", true,
                    "unused", Instant.now(), null));
        }

        public static Engine open(JWSAlgorithm alg) {
            try {
                return new Engine(Files.createTempDirectory("rotor-jmh-"), alg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A new session for the bench user; returns its first refresh secret. */
        public synchronized byte[] startSession() {
            return sessions.start(rules, StartRequest.forUser("1")).refresh().secret();
        }

        /** What one refresh hands back: the rotated secret and the signed access token. */
        public record Result(byte[] nextSecret, String accessToken) {
        }

        public Result refresh(byte[] secret) {
            Outcome<Refreshed> outcome = refresh.refresh(rules, secret);
            Refreshed r = outcome.value();
            Instant now = clock.instant();
            String access = signer.sign(AT_JWT, Map.of(), new JWTClaimsSet.Builder()
                    .issuer("http://127.0.0.1")
                    .subject(r.user().id())
                    .audience("http://127.0.0.1")
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(rules.lifetimes().accessTtl())))
                    .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.random(16)))
                    .claim("client_id", "bench")
                    .claim("sid", r.session().id())
                    .build());
            return new Result(r.refresh().secret(), access);
        }

        @Override
        public void close() {
            stores.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
