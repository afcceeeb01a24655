package dev.saleday.localkube.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl port-forward}: {@code pods/NAME/portforward} as kubectl 1.32 dials it, a WebSocket whose subprotocol
 * {@value #TUNNEL_PROTOCOL} tunnels a SPDY/3.1 session (the transition to WebSockets, KEP-4006; kubectl falls back
 * to a plain SPDY upgrade, which localkube does not serve). For each local connection kubectl opens two SPDY
 * streams with the headers {@code streamType} ({@code error} or {@code data}), {@code port} and {@code requestID}; each
 * is answered with a SYN_REPLY, and once both are there the data stream is spliced to a TCP connection to the pod's
 * address and port. When the pod's side closes, both streams are finished (the error stream empty); a connection the
 * pod refuses is reported on the error stream, as the kubelet reports it. SPDY framing and its compressed header
 * blocks are Netty's codec. Flow control is not enforced (nor is it by kubectl's SPDY library).
 *
 * <p>References: kubernetes/kubernetes {@code staging/src/k8s.io/client-go/tools/portforward/portforward.go} (the
 * client's streams), {@code pkg/kubelet/cri/streaming/portforward/httpstream.go} (the headers, the error stream) and
 * {@code staging/src/k8s.io/client-go/transport/websocket} with {@code tools/portforward/tunneling_dialer.go}.
 */
final class PortForwardSubresource {

    static final String TUNNEL_PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward/?$");

    private final Vertx vertx;
    private final Store store;

    PortForwardSubresource(Vertx vertx, Store store) {
        this.vertx = vertx;
        this.store = store;
    }

    static boolean matches(HttpServerRequest request) {
        String method = request.method().name();
        return (method.equals("GET") || method.equals("POST")) && PATH.matcher(request.path()).matches();
    }

    void serve(HttpServerRequest request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches()) {
            throw new IllegalStateException("not a portforward path: " + request.path());
        }
        String podIp;
        try {
            ObjectNode pod = store.require(ResourceTypes.require("", "pods"), m.group(1), m.group(2));
            podIp = pod.path("status").path("podIP").asText("");
            if (podIp.isEmpty() || !"Running".equals(pod.path("status").path("phase").asText())) {
                throw ApiException.badRequest("pod " + m.group(2) + " is not running (no address to forward to)");
            }
            String protocols = request.getHeader("Sec-WebSocket-Protocol");
            if (!request.canUpgradeToWebSocket() || protocols == null || !protocols.contains(TUNNEL_PROTOCOL)) {
                throw ApiException.badRequest("port-forward needs a WebSocket upgrade with the subprotocol "
                        + TUNNEL_PROTOCOL + " (kubectl 1.31 or later)");
            }
        } catch (ApiException e) {
            request.response().setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Json.write(Status.failure(e.code(), e.reason(), e.getMessage())));
            return;
        }
        request.toWebSocket().onSuccess(ws -> new Session(vertx.createNetClient(), ws, podIp).start());
    }

    /** One tunnel: its SPDY codec and the pod connections of its streams, touched only on the WebSocket's context. */
    private static final class Session {

        private final NetClient net;
        private final ServerWebSocket ws;
        private final String podIp;
        private final EmbeddedChannel codec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
        /** Per requestID: its error and data stream ids, and the pod connection once the data stream came. */
        private final Map<String, Forward> forwards = new HashMap<>();
        private final Map<Integer, Forward> byDataStream = new HashMap<>();

        Session(NetClient net, ServerWebSocket ws, String podIp) {
            this.net = net;
            this.ws = ws;
            this.podIp = podIp;
        }

        void start() {
            ws.binaryMessageHandler(message -> {
                codec.writeInbound(Unpooled.wrappedBuffer(message.getBytes()));
                for (Object frame = codec.readInbound(); frame != null; frame = codec.readInbound()) {
                    handle(frame);
                }
            });
            ws.closeHandler(v -> {
                forwards.values().forEach(Forward::close);
                codec.finishAndReleaseAll();
                net.close();
            });
        }

        private void handle(Object frame) {
            if (frame instanceof SpdySynStreamFrame syn) {
                opened(syn);
            } else if (frame instanceof SpdyDataFrame data) {
                try {
                    Forward forward = byDataStream.get(data.streamId());
                    if (forward != null) {
                        forward.fromClient(Buffer.buffer(ByteBufBytes.of(data.content())), data.isLast());
                    }
                } finally {
                    data.release();
                }
            } else if (frame instanceof SpdyPingFrame ping) {
                send(new DefaultSpdyPingFrame(ping.id()));
            } else if (frame instanceof SpdyRstStreamFrame reset) {
                Forward forward = byDataStream.get(reset.streamId());
                if (forward != null) {
                    forward.close();
                }
            } else if (frame instanceof SpdyGoAwayFrame) {
                ws.close();
            }
            // SETTINGS and WINDOW_UPDATE: nothing to do
        }

        private void opened(SpdySynStreamFrame syn) {
            String type = header(syn, "streamtype");
            // a reply with no header at all goes out as an empty header block, which Go's SPDY framer cannot read
            // (it inflates a block with at least its header count): echo the stream's type
            DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
            reply.headers().set("streamtype", type);
            send(reply);
            String requestId = header(syn, "requestid");
            String port = header(syn, "port");
            Forward forward = forwards.computeIfAbsent(requestId, id -> new Forward());
            if ("error".equals(type)) {
                forward.errorStream = syn.streamId();
            } else if ("data".equals(type)) {
                forward.dataStream = syn.streamId();
                byDataStream.put(syn.streamId(), forward);
                forward.connect(port);
            }
        }

        private static String header(SpdySynStreamFrame syn, String name) {
            for (Map.Entry<CharSequence, CharSequence> header : syn.headers()) {
                if (header.getKey().toString().equalsIgnoreCase(name)) {
                    return header.getValue().toString();
                }
            }
            return "";
        }

        private void send(Object frame) {
            codec.writeOutbound(frame);
            for (ByteBuf out = codec.readOutbound(); out != null; out = codec.readOutbound()) {
                try {
                    if (!ws.isClosed()) {
                        ws.writeBinaryMessage(Buffer.buffer(ByteBufBytes.of(out)));
                    }
                } finally {
                    out.release();
                }
            }
        }

        /** One forwarded connection: kubectl's two streams and the pod's socket. */
        private final class Forward {
            int errorStream = -1;
            int dataStream = -1;
            NetSocket socket;
            boolean finished;
            final java.util.List<Buffer> early = new java.util.ArrayList<>();
            boolean clientDone;

            void connect(String port) {
                int number;
                try {
                    number = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    fail("invalid port \"" + port + "\"");
                    return;
                }
                net.connect(number, podIp).onSuccess(connected -> {
                    socket = connected;
                    early.forEach(connected::write);
                    early.clear();
                    if (clientDone) {
                        connected.end();
                    }
                    connected.handler(bytes -> {
                        if (!finished) {
                            send(new DefaultSpdyDataFrame(dataStream, Unpooled.wrappedBuffer(bytes.getBytes())));
                        }
                    });
                    connected.closeHandler(v -> finish(null));
                }).onFailure(e -> fail("error forwarding port " + number + " to pod at " + podIp + ": "
                        + e.getMessage()));
            }

            void fromClient(Buffer bytes, boolean last) {
                if (socket == null) {
                    early.add(bytes);
                    clientDone = last;
                    return;
                }
                if (bytes.length() > 0) {
                    socket.write(bytes);
                }
                if (last) {
                    socket.end();
                }
            }

            void fail(String message) {
                finish(message);
            }

            /** Ends both streams, the error stream carrying {@code message} if any. */
            void finish(String message) {
                if (finished) {
                    return;
                }
                finished = true;
                if (dataStream >= 0) {
                    send(new DefaultSpdyDataFrame(dataStream).setLast(true));
                }
                if (errorStream >= 0) {
                    DefaultSpdyDataFrame error = message == null ? new DefaultSpdyDataFrame(errorStream)
                            : new DefaultSpdyDataFrame(errorStream, Unpooled.copiedBuffer(message,
                                    StandardCharsets.UTF_8));
                    send(error.setLast(true));
                }
            }

            void close() {
                finished = true;
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** The readable bytes of a buffer, without moving its reader index. */
    private static final class ByteBufBytes {
        static byte[] of(ByteBuf buf) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), bytes);
            return bytes;
        }
    }
}
