package dev.saleday.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The command line of the forked {@code saleday}: the JVM options Gatling needs, the classpath, the arguments. */
final class ForkedRun {

    static final String MAIN_CLASS = "dev.saleday.cli.Saleday";
    /** Gatling's in-process launch reflects into java.lang (the runnable jar's manifest says the same). */
    static final String ADD_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    private ForkedRun() {
    }

    static List<String> command(Path java, List<String> jvmArgs, List<Path> classpath, List<String> arguments) {
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("classpath must name at least the saleday command's jar");
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add(ADD_OPENS);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(MAIN_CLASS);
        command.addAll(arguments);
        return List.copyOf(command);
    }
}
