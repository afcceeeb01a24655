package dev.saleday.localkube.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection spliced to one backend, bytes copied both ways by two threads. A half-close travels through
 * (EOF one way shuts down output the other way); an error on either side resets both, so a client whose pod died
 * sees its connection break, as it would in a cluster.
 */
final class ProxiedConnection {

    private static final int BUFFER_BYTES = 16 * 1024;

    private final Socket client;
    private final Socket backend;
    private final Runnable onClosed;
    private final AtomicInteger openDirections = new AtomicInteger(2);
    private final AtomicBoolean closed = new AtomicBoolean();

    ProxiedConnection(Socket client, Socket backend, Runnable onClosed) {
        this.client = client;
        this.backend = backend;
        this.onClosed = onClosed;
    }

    /** Copies backend -> client on the calling thread and client -> backend on one from {@code pool}. */
    void run(Executor pool) {
        pool.execute(() -> pump(client, backend));
        pump(backend, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
            to.shutdownOutput();
            if (openDirections.decrementAndGet() == 0) {
                close(false);
            }
        } catch (IOException e) {
            close(true);
        }
    }

    /** @param reset RST instead of FIN (an error broke the connection) */
    void close(boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Socket socket : new Socket[] {client, backend}) {
            try {
                if (reset && !socket.isClosed()) {
                    socket.setSoLinger(true, 0);
                }
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        onClosed.run();
    }
}
