package dev.saleday.reports.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Apache ECharts, from its WebJar ({@code org.webjars.npm:echarts}) on the class path, to be inlined into the
 * report so the page needs no network.
 */
final class EChartsLibrary {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    /** Used when a shaded jar dropped the WebJar's pom.properties; keep in step with reports/pom.xml. */
    static final String PINNED_VERSION = "5.3.1";

    private static volatile EChartsLibrary loaded;

    private final String version;
    private final String script;

    private EChartsLibrary(String version, String script) {
        this.version = version;
        this.script = script;
    }

    /** @return the library, read once from the class path */
    static EChartsLibrary get() {
        EChartsLibrary library = loaded;
        if (library == null) {
            library = load();
            loaded = library;
        }
        return library;
    }

    String version() {
        return version;
    }

    /** The minified library; safe inside a {@code <script>} element (checked on load). */
    String script() {
        return script;
    }

    private static EChartsLibrary load() {
        ClassLoader loader = EChartsLibrary.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                pom.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
        }
        String version = pom.getProperty("version", PINNED_VERSION);
        String path = "META-INF/resources/webjars/echarts/" + version + "/dist/echarts.min.js";
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the ECharts WebJar (org.webjars.npm:echarts:" + version
                        + ") is not on the class path: no " + path);
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (script.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(path + " contains </script and cannot be inlined");
            }
            return new EChartsLibrary(version, script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
