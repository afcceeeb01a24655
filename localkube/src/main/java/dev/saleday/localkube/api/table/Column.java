package dev.saleday.localkube.api.table;

/**
 * One column of a server-side printed Table ({@code meta.k8s.io/v1 TableColumnDefinition}).
 *
 * @param name     the header kubectl upper-cases, e.g. {@code Ready}
 * @param type     {@code string}, {@code integer}, {@code boolean}, {@code date}
 * @param format   {@code name} for the column that names the object, else empty
 * @param priority 0 for {@code kubectl get}, 1 for the extra columns of {@code -o wide}
 */
record Column(String name, String type, String format, int priority, String description) {

    static Column objectName() {
        return new Column("Name", "string", "name", 0, "Name must be unique within a namespace.");
    }

    static Column age() {
        return new Column("Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time when "
                + "this object was created.");
    }

    static Column text(String name, String description) {
        return new Column(name, "string", "", 0, description);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", 0, description);
    }

    static Column wide(String name, String description) {
        return new Column(name, "string", "", 1, description);
    }
}
