package dev.rotor.server.http;

import dev.rotor.core.store.StoreUnavailableException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, on its event-loop thread: reads each request whole within the limits, has it answered (by an
 * {@link AsyncHandler} on this thread, or a blocking {@link Handler} on a thread of its own), and writes the answers
 * in the order the requests came (RFC 9112 §9.3.2).
 *
 * <p>Bodies (DIALECTS.md: above 64 KiB is 413): a declared length above {@link Bodies#DRAIN_LIMIT} is refused at
 * once and the connection closed; a larger body up to that limit, declared or chunked, is read to its end and dropped
 * before the 413 goes out. Answering while the client still sends would make our TCP stack reset its last bytes,
 * which can erase the answer from the client's buffers before it reads it (RFC 9112 §9.6).
 */
final class Connection extends ChannelInboundHandlerAdapter {

    /** Requests of one connection that may wait behind the one being answered before reading pauses. */
    private static final int MAX_WAITING = 16;
    private static final byte[] EMPTY = new byte[0];
    /** How long a refused client may go on sending before the connection is closed under it. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final HttpServer server;

    /** The request being read, null between requests. */
    private HttpRequest head;
    private byte[] body = EMPTY;
    private int size;
    private long seen;
    private boolean tooLarge;
    /** Set once a refusal that ends the connection is written: whatever else arrives is dropped. */
    private boolean closing;

    /** Whether a request of this connection is being answered; the ones read meanwhile wait here. */
    private boolean answering;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();

    Connection(HttpServer server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest request) {
                start(ctx, request);
            }
            if (msg instanceof HttpContent content && head != null) {
                read(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            refuseAndClose(ctx, request, cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongHttpLineException ? 414 : 400);
            return;
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > Bodies.DRAIN_LIMIT) {
            refuseAndClose(ctx, request, 413);
            return;
        }
        head = request;
        size = 0;
        seen = 0;
        tooLarge = declared > Bodies.MAX_BODY;
        body = declared > 0 && !tooLarge ? new byte[(int) declared] : EMPTY;
        if (HttpUtil.is100ContinueExpected(request)) {
            if (tooLarge) {
                refuseAndClose(ctx, request, 413);
                return;
            }
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
    }

    private void read(ChannelHandlerContext ctx, HttpContent content) {
        ByteBuf data = content.content();
        int n = data.readableBytes();
        seen += n;
        if (!tooLarge && seen > Bodies.MAX_BODY) {
            tooLarge = true;
            body = EMPTY;
        }
        if (tooLarge) {
            if (seen > Bodies.DRAIN_LIMIT) {
                refuseAndClose(ctx, head, 413);
                return;
            }
        } else {
            if (size + n > body.length) {
                body = Arrays.copyOf(body, Math.max(size + n, Math.min(2 * body.length, Bodies.MAX_BODY)));
            }
            data.readBytes(body, size, n);
            size += n;
        }
        if (content instanceof LastHttpContent) {
            HttpRequest request = head;
            head = null;
            boolean refused = tooLarge;
            byte[] whole = refused ? EMPTY : size == body.length ? body : Arrays.copyOf(body, size);
            Exchange ex = exchange(ctx, request, whole);
            body = EMPTY;
            // After a 413 the connection closes: the client may not have sent a body we were ready to read.
            boolean keepAlive = !refused && HttpUtil.isKeepAlive(request);
            boolean http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
            answerInTurn(ctx, () -> answer(ctx, ex, refused, keepAlive, http10));
        }
    }

    /** Has the request answered, on the event loop, and writes the answer once the handler is done. */
    private void answer(ChannelHandlerContext ctx, Exchange ex, boolean refused, boolean keepAlive, boolean http10) {
        CompletionStage<?> done;
        if (refused) {
            server.refuse(ex, 413);
            done = CompletableFuture.completedFuture(null);
        } else {
            try {
                done = server.answer(ex);
            } catch (Exception | StackOverflowError | LinkageError e) { // the client still gets its 500
                done = CompletableFuture.failedFuture(e);
            }
        }
        // A handler that waits (for a store unit, say) is given up on after ANSWER_TIMEOUT: 503, as a blocking store
        // call's own time-out would answer. The timer lives on this event loop, so setting and cancelling it makes no
        // system call; a late result is dropped (a rotation it committed is retried within the grace period).
        ScheduledFuture<?> timer = done.toCompletableFuture().isDone() ? null : ctx.executor().schedule(() -> {
            Exchange instead = ex.unanswered(); // the late handler may still be filling ex on its own thread
            server.failed(instead, new StoreUnavailableException("no answer in " + HttpServer.ANSWER_TIMEOUT, null));
            write(ctx, instead, keepAlive, http10);
        }, HttpServer.ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((result, failure) -> {
            if (timer == null || timer.cancel(false)) {
                if (failure != null) {
                    server.failed(ex, failure);
                }
                write(ctx, ex, keepAlive, http10);
            }
        });
    }

    /** Answers now if nothing of this connection is being answered, else after what is (on the event loop). */
    private void answerInTurn(ChannelHandlerContext ctx, Runnable answer) {
        if (answering) {
            waiting.add(answer);
            if (waiting.size() >= MAX_WAITING) {
                ctx.channel().config().setAutoRead(false); // a client that pipelines without reading answers
            }
            return;
        }
        answering = true;
        answer.run();
    }

    /** After an answer is written (on the event loop): the next waiting request, if any. */
    private void answered(ChannelHandlerContext ctx) {
        Runnable next = waiting.poll();
        if (next == null) {
            answering = false;
            if (!ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        next.run();
    }

    private void write(ChannelHandlerContext ctx, Exchange ex, boolean keepAlive, boolean http10) {
        ctx.writeAndFlush(response(ex, keepAlive, http10)).addListener(done -> {
            if (!keepAlive || !done.isSuccess()) {
                ctx.close();
            } else {
                answered(ctx);
            }
        });
    }

    /** A refusal before any handler ran, after which the connection closes (on the event loop). */
    private void refuseAndClose(ChannelHandlerContext ctx, HttpRequest request, int status) {
        closing = true;
        head = null;
        body = EMPTY;
        Exchange ex = exchange(ctx, request, EMPTY);
        server.refuse(ex, status);
        ctx.writeAndFlush(response(ex, false, false)).addListener(done -> lingerThenClose(ctx));
    }

    /**
     * Closes after a refusal that came while the client may still be sending (a body declared far too large, a
     * header too long). Closing at once would make our TCP stack answer its further bytes with a reset, which can
     * erase the answer from the client's buffers before it reads it (RFC 9112 §9.6). So only our side is shut: the
     * client reads the answer and its end, what it still sends is dropped ({@link #closing}), and the connection
     * closes when the client closes its side or after {@link #LINGER}.
     */
    private static void lingerThenClose(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }

    private Exchange exchange(ChannelHandlerContext ctx, HttpRequest request, byte[] body) {
        Map<String, List<String>> headers = Exchange.newHeaders();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        String path = request.decoderResult().isFailure() ? "/" : new QueryStringDecoder(request.uri()).rawPath();
        return new Exchange(request.method().name(), path, headers, body, ctx.executor(),
                server.handlerThreads());
    }

    private FullHttpResponse response(Exchange ex, boolean keepAlive, boolean http10) {
        String date = server.date();
        byte[] bytes = ex.result() == null ? EMPTY : ex.result();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(ex.status()), Unpooled.wrappedBuffer(bytes));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.DATE, date);
        if (ex.contentType() != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, ex.contentType());
        }
        for (String[] header : ex.responseHeaders()) {
            h.add(header[0], header[1]);
        }
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return res;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close(); // silent for the idle timeout: a slow or gone client
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or broken connection: nothing to answer
    }
}
