package dev.acrwatch.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 CIDR ranges as written in the config, normalised so that the host bits are zero. */
final class Cidrs {

    // No leading zeros: "010.0.0.1" reads as octal in some tools and as decimal in others.
    private static final String OCTET = "(0|[1-9][0-9]{0,2})";
    private static final Pattern IPV4_CIDR = Pattern.compile(
            OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET + "(?:/(0|[1-9][0-9]?))?");

    private Cidrs() {}

    /**
     * {@code 10.240.1.7/24} becomes {@code 10.240.1.0/24}, a bare address becomes {@code /32};
     * empty when {@code text} is not an IPv4 range with a prefix from 0 to 32.
     */
    static Optional<String> normalise(String text) {
        Matcher m = IPV4_CIDR.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long address = 0;
        for (int g = 1; g <= 4; g++) {
            int octet = Integer.parseInt(m.group(g));
            if (octet > 255) {
                return Optional.empty();
            }
            address = (address << 8) | octet;
        }
        int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
        if (prefix > 32) {
            return Optional.empty();
        }
        long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        long network = address & mask;
        return Optional.of((network >>> 24) + "." + ((network >>> 16) & 255) + "." + ((network >>> 8) & 255) + "."
                + (network & 255) + "/" + prefix);
    }

    /** Whether the text looks like an IPv6 address or range, which is refused with its own message. */
    static boolean looksLikeIpv6(String text) {
        return text.contains(":");
    }
}
