package dev.saleday.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Puts a run's reports where a Maven build's readers look: the JUnit XML (one test case per check) beside Failsafe's
 * as {@code TEST-saleday.<plan>.xml}, which CI test reporters and {@code surefire-report} pick up; the Allure results
 * into the build's Allure results directory, beside allure-junit5's.
 */
final class RunReports {

    static final String JUNIT_FILE = "junit.xml";
    static final String ALLURE_RESULTS = "allure-results";

    private RunReports() {
    }

    static void copy(Path runDir, String planName, Path reportsDir, Path allureResultsDir) throws IOException {
        Path junit = runDir.resolve(JUNIT_FILE);
        if (Files.isRegularFile(junit)) {
            Files.createDirectories(reportsDir);
            Files.copy(junit, reportsDir.resolve(junitFileName(planName)), StandardCopyOption.REPLACE_EXISTING);
        }
        Path allure = runDir.resolve(ALLURE_RESULTS);
        if (Files.isDirectory(allure)) {
            Files.createDirectories(allureResultsDir);
            try (Stream<Path> results = Files.list(allure)) {
                for (Path result : results.filter(Files::isRegularFile).toList()) {
                    Files.copy(result, allureResultsDir.resolve(result.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static String junitFileName(String planName) {
        return "TEST-saleday." + planName + ".xml";
    }
}
