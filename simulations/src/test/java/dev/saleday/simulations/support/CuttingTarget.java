package dev.saleday.simulations.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * A model stand-in that speaks HTTP/1.1 on raw sockets, so a test sees the wire: how many connections carried a
 * prediction, how each request framed its body, and what happens when the target cuts a connection the way a pod that
 * halts does (the request read, then a reset instead of an answer). Keep-alive answers otherwise.
 */
public final class CuttingTarget implements AutoCloseable {

    private static final byte[] ANSWER = "{\"items\":[{\"itemId\":1,\"score\":0.9}]}".getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final LongPredicate cut;
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong connectionsWithPredictions = new AtomicLong();
    private final AtomicLong unframedBodies = new AtomicLong();
    private volatile boolean closed;

    /** @param cut given the prediction's number (1, 2, ...), whether to cut its connection instead of answering */
    private CuttingTarget(LongPredicate cut) throws IOException {
        this.cut = cut;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        Thread acceptor = new Thread(this::acceptLoop, "cutting-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static CuttingTarget start(LongPredicate cut) throws IOException {
        return new CuttingTarget(cut);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Predictions the target read off the wire, cut or answered. */
    public long predictions() {
        return predictions.get();
    }

    public long answered() {
        return answered.get();
    }

    public long connectionsWithPredictions() {
        return connectionsWithPredictions.get();
    }

    /** Predictions whose body came without a Content-Length (chunked, or not framed at all). */
    public long unframedBodies() {
        return unframedBodies.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "cutting-target-conn");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        boolean carriedPrediction = false;
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return; // the client closed the connection
                }
                long contentLength = -1;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        contentLength = Long.parseLong(lower.substring("content-length:".length()).trim());
                    }
                }
                if (!requestLine.startsWith("POST /predict ")) {
                    write(out, "ok".getBytes(StandardCharsets.US_ASCII));
                    continue;
                }
                if (contentLength < 0) {
                    unframedBodies.incrementAndGet();
                    return; // this stand-in reads framed bodies only
                }
                in.readNBytes((int) contentLength);
                if (!carriedPrediction) {
                    carriedPrediction = true;
                    connectionsWithPredictions.incrementAndGet();
                }
                if (cut.test(predictions.incrementAndGet())) {
                    socket.setSoLinger(true, 0); // a reset, as from a process that halted with the request in hand
                    return;
                }
                write(out, ANSWER);
                answered.incrementAndGet();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void write(OutputStream out, byte[] body) throws IOException {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Model-Version: v1.0\r\n"
                + "X-Pod-Name: cutting-target\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** @return one CRLF-terminated line without its terminator, or null at the end of the stream */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
