package dev.leti.orchestrator.dataset;

/** A dataset that cannot be used: missing, unreadable, a malformed line, an empty or unknown split. */
public class DatasetException extends RuntimeException {

    private final boolean aboutSplit;

    private DatasetException(String message, boolean aboutSplit) {
        super(message);
        this.aboutSplit = aboutSplit;
    }

    /** The dataset itself is at fault (missing file, malformed line). */
    public static DatasetException ofData(String message) {
        return new DatasetException(message, false);
    }

    /** The split asked for does not exist or is empty. */
    public static DatasetException ofSplit(String message) {
        return new DatasetException(message, true);
    }

    public boolean aboutSplit() {
        return aboutSplit;
    }
}
