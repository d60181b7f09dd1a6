package dev.leti.local.report;

import java.time.Duration;

/** {@code 12:34} or {@code 1:02:03}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration duration) {
        long s = duration.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
