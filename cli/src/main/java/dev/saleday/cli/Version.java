package dev.saleday.cli;

import picocli.CommandLine;

/** The version printed by {@code saleday --version}: the jar's, or "dev" when run from classes. */
final class Version implements CommandLine.IVersionProvider {

    static String current() {
        String version = Saleday.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"saleday " + current()};
    }
}
