package netdisk.tools.lab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the kernel's protocol counters as {@code nstat} does: /proc/net/snmp (a line of names and
 * a line of values per protocol, "Udp: InDatagrams ...") and /proc/net/snmp6 ("Udp6RcvbufErrors 0").
 */
final class Snmp {

    private Snmp() {}

    /** "Udp.RcvbufErrors" → value for snmp; "Udp6RcvbufErrors" → value for snmp6. */
    static Map<String, Long> parse(String text) {
        Map<String, Long> values = new HashMap<>();
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon > 0 && i + 1 < lines.size() && lines.get(i + 1).startsWith(line.substring(0, colon + 1))) {
                String protocol = line.substring(0, colon);
                String[] names = line.substring(colon + 1).trim().split("\\s+");
                String[] numbers = lines.get(i + 1).substring(colon + 1).trim().split("\\s+");
                for (int k = 0; k < Math.min(names.length, numbers.length); k++) {
                    put(values, protocol + "." + names[k], numbers[k]);
                }
                i++;
                continue;
            }
            String[] pair = line.split("\\s+");
            if (pair.length == 2) {
                put(values, pair[0], pair[1]);
            }
        }
        return values;
    }

    private static void put(Map<String, Long> values, String key, String number) {
        try {
            values.put(key, Long.parseLong(number));
        } catch (NumberFormatException ignored) {
            // A field this reader has no use for (e.g. a negative RtoMax spelled oddly): skip it.
        }
    }
}
