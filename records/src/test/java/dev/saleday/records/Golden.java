package dev.saleday.records;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The golden files under {@code src/test/resources/golden/}: one file of every version of every record format,
 * written by saleday's own writers (or, for simulation.log, by Gatling) and checked in. A reader must keep reading
 * each of them; a writer must keep writing the newest of them byte for byte, or bump its version.
 */
final class Golden {

    private Golden() {
    }

    /** @return the golden file, e.g. {@code timeline-v1.jsonl} */
    static Path file(String name) {
        URL url = Golden.class.getResource("/golden/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no golden file " + name + " in src/test/resources/golden/");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
