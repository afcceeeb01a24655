package dev.saleday.cli.run;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A PrintStream (what chaos prints to) that hands whole lines to the command's PrintWriter. */
final class LinePrintStream extends PrintStream {

    LinePrintStream(PrintWriter writer) {
        super(new LineSink(writer), true, StandardCharsets.UTF_8);
    }

    private static final class LineSink extends OutputStream {
        private final PrintWriter writer;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flush();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                writer.println(line.toString(StandardCharsets.UTF_8));
                writer.flush();
                line.reset();
            }
        }
    }
}
