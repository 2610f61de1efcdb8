package dev.mp4j.lab;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that every number a conclusion cites is a figure of results.json, as {@link Figures} prints figures. */
final class CitedNumbers {
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_^])\\d+(?:\\.\\d+)?");

    private CitedNumbers() {
    }

    /** Every conclusion of {@code json} (the report's and each experiment's) cites only numbers of {@code json}. */
    static void assertConclusionsCiteTheResults(JsonNode json) {
        Set<String> figures = new HashSet<>();
        collect(json, figures);
        List<JsonNode> conclusions = new java.util.ArrayList<>();
        json.get("conclusions").forEach(conclusions::add);
        json.get("experiments").forEach(e -> e.get("conclusions").forEach(conclusions::add));
        if (json.has("isolation")) {
            conclusions.add(json.get("isolation").get("conclusion"));
        }
        assertThat(conclusions).isNotEmpty();
        for (JsonNode conclusion : conclusions) {
            Matcher numbers = NUMBER.matcher(conclusion.asText());
            while (numbers.find()) {
                assertThat(figures).as("'%s' in: %s", numbers.group(), conclusion.asText()).contains(numbers.group());
            }
        }
    }

    /** The numbers of every field except the conclusions and free text, in every way Figures prints them. */
    private static void collect(JsonNode node, Set<String> figures) {
        if (node.isNumber()) {
            double v = node.asDouble();
            for (String format : List.of("%.0f", "%.1f", "%.2f", "%.3f", "%.5f")) {
                figures.add(String.format(Locale.ROOT, format, v));
                figures.add(String.format(Locale.ROOT, format, 100 * v));
                figures.add(String.format(Locale.ROOT, format, v / 1e3));
                figures.add(String.format(Locale.ROOT, format, v / 1e6));
            }
            if (node.isIntegralNumber()) {
                figures.add(node.asText());
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, figures));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("conclusions") && !field.getKey().equals("conclusion")) {
                    collect(field.getValue(), figures);
                }
            }
        }
    }
}
