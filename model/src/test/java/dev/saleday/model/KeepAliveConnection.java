package dev.saleday.model;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive socket, cheap enough per request that a load test measures the
 * server, not the client. Reconnects after the server answers {@code Connection: close}.
 */
final class KeepAliveConnection implements Closeable {
    /** A response: status, body, and whether the server asked to close the connection. */
    record Response(int status, String body, boolean connectionClose) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Response get(String path) throws IOException {
        return send(("GET " + path + " HTTP/1.1\r\nHost: " + host + ':' + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    Response post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(("POST " + path + " HTTP/1.1\r\nHost: " + host + ':' + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), body);
    }

    private Response send(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(head);
        out.write(body);
        out.flush();
        Response response = readResponse();
        if (response.connectionClose()) {
            close();
        }
        return response;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int contentLength = 0;
        boolean close = false;
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Integer.parseInt(value);
            } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        byte[] body = in.readNBytes(contentLength);
        if (body.length < contentLength) {
            throw new EOFException("connection closed in the middle of the body");
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8), close);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
