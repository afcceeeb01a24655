package dev.saleday.reports.render;

import dev.saleday.reports.Renderer;
import dev.saleday.reports.analysis.FailureWindow;
import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.RunMetadata;
import dev.saleday.reports.verdict.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml}: the checks as one JUnit test suite, one test case per check, in the common (Ant/Jenkins)
 * JUnit XML schema that Jenkins, GitLab and GitHub test reporters read. A failed check is a {@code <failure>}
 * whose message is measured vs threshold; a check that could not be measured is an {@code <error>}.
 */
public final class JUnitXml implements Renderer {

    public static final String FILE = "junit.xml";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "junit";
    }

    @Override
    public void render(Path runDir, RunAnalysis analysis, Verdict verdict) throws IOException {
        Files.writeString(runDir.resolve(FILE), xml(analysis, verdict), StandardCharsets.UTF_8);
    }

    /** The whole document. */
    public static String xml(RunAnalysis analysis, Verdict verdict) {
        RunMetadata run = verdict.run() != null ? verdict.run() : analysis.run();
        String plan = run == null || run.info().plan() == null ? "unnamed plan" : run.info().plan();
        long errors = verdict.checks().stream().filter(c -> c.failed() && Double.isNaN(c.measured())).count();
        long failures = verdict.failedChecks().size() - errors;
        String seconds = run != null && run.info().startedAtMs() != null && run.info().endedAtMs() != null
                ? Formats.number((run.info().endedAtMs() - run.info().startedAtMs()) / 1000.0, 3) : "0";
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            attribute(xml, "name", "saleday " + plan);
            // The Jenkins/Ant schema knows no "skipped" on <testsuites>, only on <testsuite>.
            attribute(xml, "tests", Integer.toString(verdict.checks().size()));
            attribute(xml, "failures", Long.toString(failures));
            attribute(xml, "errors", Long.toString(errors));
            attribute(xml, "time", seconds);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            attribute(xml, "name", "saleday." + plan);
            counts(xml, verdict.checks().size(), failures, errors, seconds,
                    verdict.checks().stream().filter(c -> !c.reached()).count());
            if (run != null && run.info().startedAtMs() != null) {
                attribute(xml, "timestamp", TIMESTAMP.format(Instant.ofEpochMilli(run.info().startedAtMs())));
            }
            attribute(xml, "hostname", run == null || run.info().cluster() == null ? "unknown" : run.info().cluster());
            properties(xml, run, verdict);
            for (Check check : verdict.checks()) {
                testCase(xml, plan, check, CheckContext.windows(check, analysis), analysis);
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write junit.xml: " + e.getMessage(), e);
        }
        return text + "\n";
    }

    private static void counts(XMLStreamWriter xml, int tests, long failures, long errors, String seconds,
                               long skipped)
            throws XMLStreamException {
        attribute(xml, "tests", Integer.toString(tests));
        attribute(xml, "failures", Long.toString(failures));
        attribute(xml, "errors", Long.toString(errors));
        attribute(xml, "skipped", Long.toString(skipped));
        attribute(xml, "time", seconds);
    }

    private static void properties(XMLStreamWriter xml, RunMetadata run, Verdict verdict) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        property(xml, "verdict", verdict.verdict().name());
        property(xml, "invalidBy", verdict.invalidBy().stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.joining(",")));
        property(xml, "complete", Boolean.toString(verdict.complete()));
        property(xml, "exitStatus", Integer.toString(verdict.exitStatus()));
        if (run != null) {
            property(xml, "plan", run.info().plan());
            property(xml, "namespace", run.info().namespace());
            property(xml, "deployment", run.info().deployment());
            property(xml, "url", run.info().url());
            property(xml, "saleday", run.info().saledayVersion());
            property(xml, "gitCommit", run.info().gitCommit());
            property(xml, "gatling", run.gatlingVersion());
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("property");
        attribute(xml, "name", name);
        attribute(xml, "value", value);
    }

    private static void testCase(XMLStreamWriter xml, String plan, Check check, List<FailureWindow> windows,
                                 RunAnalysis analysis) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        attribute(xml, "name", check.name());
        attribute(xml, "classname", "saleday." + plan + "." + check.kind().name().toLowerCase(Locale.ROOT));
        attribute(xml, "time", "0");
        if (!check.reached()) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("skipped");
            attribute(xml, "message", check.detail());
            xml.writeEndElement();
        } else if (!check.passed()) {
            boolean unmeasured = Double.isNaN(check.measured());
            xml.writeCharacters("\n      ");
            xml.writeStartElement(unmeasured ? "error" : "failure");
            attribute(xml, "message", unmeasured ? "not measured (threshold " + check.comparison().symbol() + " "
                    + Formats.value(check.threshold(), check.unit()) + ")"
                    : "measured " + Formats.value(check.measured(), check.unit()) + ", threshold "
                    + check.comparison().symbol() + " " + Formats.value(check.threshold(), check.unit()));
            attribute(xml, "type", check.kind().name());
            StringBuilder body = new StringBuilder(check.detail());
            for (FailureWindow window : windows) {
                body.append('\n').append(AllureResults.describe(window, analysis));
            }
            xml.writeCharacters(xmlSafe(body.toString()));
            xml.writeEndElement();
        }
        xml.writeCharacters("\n      ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(xmlSafe(Formats.comparison(check) + (check.detail().isBlank() ? "" : "\n" + check.detail())));
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, xmlSafe(value));
    }

    /** Drops the characters XML 1.0 cannot carry at all (control characters other than tab, CR, LF). */
    static String xmlSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            out.appendCodePoint(allowed ? c : '?');
        });
        return out.toString();
    }
}
