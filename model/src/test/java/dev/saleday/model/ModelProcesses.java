package dev.saleday.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts model processes for a test and kills every one of them after each test (or after the class, for those
 * started in {@code @BeforeAll}), whether the test passed or not. Register it in a static field.
 */
final class ModelProcesses implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final List<ModelProcess> perTest = new CopyOnWriteArrayList<>();
    private final List<ModelProcess> perClass = new CopyOnWriteArrayList<>();
    private volatile boolean inClassSetup = true;

    /** Starts a process and waits until it listens (not until it is ready). */
    ModelProcess start(Map<String, String> env) throws InterruptedException {
        ModelProcess process = ModelProcess.start(env);
        (inClassSetup ? perClass : perTest).add(process);
        process.awaitListening(Duration.ofSeconds(20));
        return process;
    }

    /** Processes started from here on die after their test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        inClassSetup = false;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        perTest.forEach(ModelProcess::close);
        perTest.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        perTest.forEach(ModelProcess::close);
        perClass.forEach(ModelProcess::close);
    }
}
