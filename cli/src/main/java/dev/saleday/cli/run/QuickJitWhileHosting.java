package dev.saleday.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * While this JVM hosts the embedded cluster, its JIT compiles with C1 only: HotSpot compiler directives (JEP 165,
 * added through the DiagnosticCommand MBean, what {@code jcmd PID Compiler.directives_add} calls) exclude every
 * method from C2, so hot methods stay at C1's full optimisation (tier 1) and C2 stops compiling;
 * host.jsonl's CPU speed probe alone keeps C2.
 *
 * <p>Why: with a local target this one process is the cluster and the injector, at the few hundred requests a second
 * a shared host can carry, on the same CPUs as the pods. There C2's work does not pay for itself: in plans/ci.yaml on
 * a 2-core machine the C2 thread took 24 s of the process's 68 s of CPU, 0.15-0.55 CPU through the whole load, more
 * than Gatling; with C2 excluded Gatling took 5 s more and the process 52 s in all (docs/perf/local-jit.md). A quarter
 * of a CPU less of saleday's own load is headroom at the pod starts, where validity.hostHeadroom's own-load line is
 * crossed. A remote target leaves the JIT alone: the injector then runs alone and at high rates C2 pays.
 *
 * <p>Set {@value #TIERED_PROPERTY}{@code =true} to keep C2 (measuring the difference). A JVM without the MBean or
 * its operation (not HotSpot) keeps its JIT, and the cluster's console line does not claim C1.
 */
final class QuickJitWhileHosting implements AutoCloseable {

    /** System property: {@code true} keeps C2 while the cluster is hosted. */
    static final String TIERED_PROPERTY = "saleday.localCluster.tieredJit";

    /**
     * First match wins: host.jsonl's CPU speed probe keeps C2 (an instrument reads alike whatever runs around it),
     * everything else is excluded from C2.
     */
    static final String DIRECTIVES = """
            [{match: "dev.saleday.simulations.host.CpuSpeedProbe::*", c2: {Exclude: false}},
             {match: "*.*", c2: {Exclude: true}}]
            """;
    private static final int DIRECTIVE_COUNT = 2;

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private final boolean added;
    private final AtomicBoolean removed = new AtomicBoolean();

    private QuickJitWhileHosting(boolean added) {
        this.added = added;
    }

    /** @return whether the directive is in force (false: C2 kept, by choice or because the JVM offers no way) */
    boolean c1Only() {
        return added;
    }

    /** Adds the directive unless {@value #TIERED_PROPERTY} says not to; a JVM that refuses it keeps its JIT. */
    static QuickJitWhileHosting start() {
        if (Boolean.getBoolean(TIERED_PROPERTY)) {
            return new QuickJitWhileHosting(false);
        }
        try {
            Path file = Files.createTempFile("saleday-jit-", ".json");
            try {
                Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
                String answer = diagnosticCommand("compilerDirectivesAdd", file.toString());
                return new QuickJitWhileHosting(answer != null
                        && answer.contains(DIRECTIVE_COUNT + " compiler directives added"));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the compiler directive's file", e);
        } catch (JMException | UnsupportedOperationException | SecurityException e) {
            return new QuickJitWhileHosting(false);
        }
    }

    /** The JVM's directives as {@code jcmd PID Compiler.directives_print} prints them (HotSpot only). */
    static String printed() throws JMException {
        return diagnosticCommand("compilerDirectivesPrint");
    }

    /** Takes the directives back (the top of the JVM's directive stack, which {@link #start} pushed); idempotent. */
    @Override
    public void close() {
        if (added && removed.compareAndSet(false, true)) {
            try {
                for (int i = 0; i < DIRECTIVE_COUNT; i++) {
                    diagnosticCommand("compilerDirectivesRemove");
                }
            } catch (JMException e) {
                // the JVM took the directive and will not give it back: C1 only until it exits, which costs
                // nothing but speed
            }
        }
    }

    /** @return what {@code jcmd PID <operation's command>} prints, through the DiagnosticCommand MBean */
    static String diagnosticCommand(String operation, String... arguments) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (String) server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), operation,
                new Object[] {arguments}, new String[] {String[].class.getName()});
    }
}
