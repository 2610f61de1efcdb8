package dev.mp4j.internal.jfr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What children record.
 *
 * @param directory where their files go
 * @param settings  JFR settings (event name#setting → value)
 */
public record RecordingSpec(String directory, Map<String, String> settings) {
    /** [directory, key, value, key, value...]; empty for "do not record". */
    public static List<String> toWire(RecordingSpec spec) {
        if (spec == null) {
            return List.of();
        }
        List<String> wire = new ArrayList<>(1 + spec.settings.size() * 2);
        wire.add(spec.directory);
        spec.settings.forEach((key, value) -> {
            wire.add(key);
            wire.add(value);
        });
        return wire;
    }

    public static RecordingSpec fromWire(List<String> wire) {
        if (wire.isEmpty()) {
            return null;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i + 1 < wire.size(); i += 2) {
            settings.put(wire.get(i), wire.get(i + 1));
        }
        return new RecordingSpec(wire.get(0), settings);
    }
}
