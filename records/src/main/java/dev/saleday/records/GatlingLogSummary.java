package dev.saleday.records;

/**
 * What reading a simulation.log gave.
 *
 * @param header    its run record
 * @param complete  false when the file ended inside a record (a crashed run): everything before it was read
 * @param requests  request records read
 * @param bytesRead bytes of whole records
 */
public record GatlingLogSummary(GatlingLogHeader header, boolean complete, long requests, long bytesRead) {
}
