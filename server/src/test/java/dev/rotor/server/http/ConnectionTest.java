package dev.rotor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.config.Settings;
import dev.rotor.server.metrics.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One connection's reading and answering, on an embedded channel whose handler threads the test runs by hand: the body
 * limits (DIALECTS.md: 413 above 64 KiB, read to its end first), and answers in the order of the requests.
 */
class ConnectionTest {

    /** The requests handed to handler threads, not yet run. */
    private final ByHand handlerThreads = new ByHand();
    private final Queue<Runnable> handlerTasks = handlerThreads.tasks;
    private final List<Integer> bodySizes = new ArrayList<>();
    /** What POST /unit waits for: a store unit that the test completes, or not. */
    private final CompletableFuture<Void> unit = new CompletableFuture<>();
    private final HttpServer server = new HttpServer(Settings.defaults(), List.of(new EchoDialect()), () -> true,
            new Metrics(), HttpServer.IDLE_TIMEOUT, handlerThreads);
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new HttpServerCodec(new HttpDecoderConfig().setMaxHeaderSize(HttpServer.MAX_HEADER_BYTES)),
            new Connection(server));

    /** Handler threads that run nothing by themselves: the test runs what was handed to them. */
    private static final class ByHand extends AbstractExecutorService {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        server.close();
    }

    /** Answers POST /echo with the size of the body it got, in the plain error shape for refusals. */
    private final class EchoDialect implements Dialect {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String prefix() {
            return "";
        }

        @Override
        public void routes(Routes routes) {
            routes.post("/echo", ex -> {
                bodySizes.add(ex.body().length);
                ex.contentType("text/plain").result(Integer.toString(ex.body().length));
            });
            routes.postAsync("/unit", ex -> unit);
        }

        @Override
        public ErrorShape errorShape() {
            return ErrorShape.PLAIN;
        }
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private void sendBytes(int n) {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[n]));
    }

    /** Runs every handler handed over, and then what they hand back to the event loop (writing the answers). */
    private void runHandlers() {
        Runnable task;
        while ((task = handlerTasks.poll()) != null) {
            task.run();
            channel.runPendingTasks();
        }
    }

    private void runOneHandler() {
        handlerTasks.poll().run();
        channel.runPendingTasks();
    }

    /** Everything written to the client so far. */
    private String written() {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    private static String post(long length) {
        return "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n";
    }

    @Test
    void bodyOfExactlyTheCapReachesTheHandlerWhole() {
        send(post(Bodies.MAX_BODY));
        sendBytes(Bodies.MAX_BODY);
        runHandlers();
        assertThat(bodySizes).containsExactly(Bodies.MAX_BODY);
        assertThat(written()).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n" + Bodies.MAX_BODY);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void declaredBodyOverTheCapIsReadToItsEndThenRefusedWith413AndTheConnectionCloses() {
        send(post(70_000));
        sendBytes(1000);
        runHandlers();
        assertThat(written()).as("nothing before the body's end").isEmpty();
        sendBytes(69_000);
        runHandlers();
        assertThat(written()).startsWith("HTTP/1.1 413 ").contains("connection: close");
        assertThat(bodySizes).as("no handler saw it").isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void declaredBodyOverTheDrainLimitIsRefusedAtOnce() {
        send(post(10_000_000));
        assertThat(written()).startsWith("HTTP/1.1 413 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void chunkedBodyOverTheCapIsReadToItsLastChunkThenRefused() {
        send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "1000\r\n" + "a".repeat(4096) + "\r\n";
        for (int i = 0; i < 20; i++) {
            send(chunk);
        }
        runHandlers();
        assertThat(written()).as("nothing before the last chunk").isEmpty();
        send("0\r\n\r\n");
        runHandlers();
        assertThat(written()).startsWith("HTTP/1.1 413 ");
        assertThat(bodySizes).isEmpty();
    }

    @Test
    void chunkedBodyPastTheDrainLimitIsRefusedWithoutReadingFurther() {
        send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "10000\r\n" + "a".repeat(65536) + "\r\n";
        for (int i = 0; i <= Bodies.DRAIN_LIMIT / 65536; i++) {
            send(chunk);
        }
        assertThat(written()).startsWith("HTTP/1.1 413 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void expectContinueGetsA100WithinTheCapAndA413Beyond() {
        send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 100 Continue\r\n");
        send("abc");
        runHandlers();
        assertThat(written()).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n3");

        send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 70000\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
    }

    @Test
    void pipelinedRequestsAreAnsweredOneAfterAnotherInTheirOrder() {
        send(post(1) + "a" + post(2) + "bb" + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(handlerTasks).as("the second waits until the first is answered").hasSize(1);
        runOneHandler();
        assertThat(handlerTasks).hasSize(1);
        runOneHandler();
        String answers = written();
        assertThat(answers.indexOf("\r\n\r\n1")).isPositive().isLessThan(answers.indexOf("\r\n\r\n2"));
        assertThat(answers.indexOf("\r\n\r\n2")).isLessThan(answers.indexOf("HTTP/1.1 404 "));
        assertThat(bodySizes).containsExactly(1, 2);
    }

    @Test
    void asyncAnswerIsWrittenWhenItsUnitCompletes() {
        send("POST /unit HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertThat(written()).isEmpty();
        unit.complete(null);
        channel.runPendingTasks();
        assertThat(written()).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void asyncAnswerThatNeverComesIsA503AfterTheAnswerTimeoutAndALateOneIsDropped() {
        channel.freezeTime();
        send("POST /unit HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        channel.advanceTimeBy(HttpServer.ANSWER_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).isEmpty();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(written()).startsWith("HTTP/1.1 503 ").contains("Retry-After: 1");
        unit.complete(null);
        channel.runPendingTasks();
        assertThat(written()).as("no second answer").isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void headersOverTheLimitAreRefusedWith431() {
        send("GET /echo HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(HttpServer.MAX_HEADER_BYTES) + "\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 431 ");
        assertThat(channel.isOpen()).isFalse();
    }
}
