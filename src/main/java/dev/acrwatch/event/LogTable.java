package dev.acrwatch.event;

/** The two ACR diagnostic tables acr-watch reads. */
public enum LogTable {
    LOGIN("ContainerRegistryLoginEvents", "login"),
    REPOSITORY("ContainerRegistryRepositoryEvents", "repository");

    private final String tableName;
    private final String label;

    LogTable(String tableName, String label) {
        this.tableName = tableName;
        this.label = label;
    }

    /** The Log Analytics table name, as written in KQL. */
    public String tableName() {
        return tableName;
    }

    /** Short value for metric labels and job names. */
    public String label() {
        return label;
    }
}
