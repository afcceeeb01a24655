package dev.saleday.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.saleday.reports.analysis.RunAnalysis;
import dev.saleday.reports.verdict.Check;
import dev.saleday.reports.verdict.CheckKind;
import dev.saleday.reports.verdict.Comparison;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class JUnitXmlTest {

    /** The attributes the Jenkins/Ant JUnit schema allows on each element (others make strict readers refuse). */
    private static final Map<String, Set<String>> ALLOWED_ATTRIBUTES = Map.of(
            "testsuites", Set.of("name", "time", "tests", "failures", "disabled", "errors"),
            "testsuite", Set.of("name", "tests", "failures", "errors", "time", "disabled", "skipped", "timestamp",
                    "hostname", "id", "package"),
            "properties", Set.of(),
            "property", Set.of("name", "value"),
            "testcase", Set.of("name", "assertions", "time", "classname", "status"),
            "failure", Set.of("type", "message"),
            "error", Set.of("type", "message"),
            "system-out", Set.of());
    /** The order of a test case's children in that schema. */
    private static final List<String> TESTCASE_CHILD_ORDER = List.of("skipped", "error", "failure", "system-out",
            "system-err");

    @Test
    void oneSuiteOneCasePerCheckFailuresCarryMeasuredAndThreshold() throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        Document xml = parse(JUnitXml.xml(analysis, SampleRun.failingVerdict(analysis)));

        NodeList suites = xml.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(1);
        Element suite = (Element) suites.item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("saleday.big-billion-day");
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(6);
        NodeList failures = xml.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(2);
        Element peak = (Element) failures.item(0);
        assertThat(((Element) peak.getParentNode()).getAttribute("name")).isEqualTo("latency.peak.p99");
        assertThat(peak.getAttribute("message")).matches("measured \\d+(\\.\\d+)? ms, threshold <= 50 ms");
        assertThat(peak.getAttribute("type")).isEqualTo("LATENCY");
        Element kill = (Element) failures.item(1);
        assertThat(kill.getAttribute("message")).endsWith("threshold <= 50 requests");
        assertThat(kill.getTextContent()).contains("Failure window 1:50–1:56").contains("attributed to kill-30pc");
        assertFollowsTheSchema(xml.getDocumentElement());
    }

    @Test
    void passingVerdictHasNoFailures() throws Exception {
        RunAnalysis analysis = SampleRun.analysis(SampleRun.PLAN);
        Document xml = parse(JUnitXml.xml(analysis, SampleRun.passingVerdict(analysis)));

        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
        assertFollowsTheSchema(xml.getDocumentElement());
    }

    @Test
    void anUnmeasuredCheckIsAnErrorAndHostileTextStaysText(@TempDir Path runDir) throws Exception {
        RunAnalysis analysis = SampleRun.analysis("plan <&> \"quoted\" \u0001");
        List<Check> checks = new ArrayList<>(SampleRun.passingVerdict(analysis).checks());
        checks.add(Check.of("scaleUp.peak.ready", CheckKind.SCALE_UP, Double.NaN, 90, "s", Comparison.AT_MOST,
                "ready never reached 8 </failure> ]]>", null));
        new JUnitXml().render(runDir, analysis, SampleRun.verdict(analysis, checks));

        Document xml = parse(Files.readString(runDir.resolve(JUnitXml.FILE)));

        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("saleday.plan <&> \"quoted\" ?");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        Element error = (Element) xml.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("not measured (threshold <= 90 s)");
        assertThat(error.getTextContent()).contains("ready never reached 8 </failure> ]]>");
        assertFollowsTheSchema(xml.getDocumentElement());
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertFollowsTheSchema(Element element) {
        assertThat(ALLOWED_ATTRIBUTES).as("known element").containsKey(element.getTagName());
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            assertThat(ALLOWED_ATTRIBUTES.get(element.getTagName()))
                    .as("attribute of <" + element.getTagName() + ">")
                    .contains(element.getAttributes().item(i).getNodeName());
        }
        int lastPosition = -1;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                if (element.getTagName().equals("testcase")) {
                    int position = TESTCASE_CHILD_ORDER.indexOf(e.getTagName());
                    assertThat(position).as("child order of <testcase>").isGreaterThanOrEqualTo(lastPosition);
                    lastPosition = position;
                }
                assertFollowsTheSchema(e);
            }
        }
        switch (element.getTagName()) {
            case "testsuite" -> assertThat(element.getAttribute("tests")).isNotEmpty();
            case "testcase", "property" -> assertThat(element.hasAttribute("name")).isTrue();
            default -> { }
        }
    }
}
