package dev.acrwatch.rule;

import java.util.OptionalLong;

/**
 * An IPv4 range such as {@code 10.240.0.0/16}, parsed by hand because the domain may not use
 * {@code java.net} (and {@code InetAddress} would resolve names, which a log value must never cause).
 */
public record Ipv4Cidr(long network, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0 to 32, found " + prefix);
        }
        network = network & mask(prefix);
    }

    /** Parses {@code a.b.c.d/n} (or a bare address, meaning /32); host bits are cleared. */
    public static Ipv4Cidr parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int prefix = 32;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            prefix = p.matches("[0-9]{1,2}") ? Integer.parseInt(p) : -1;
        }
        OptionalLong ip = parseAddress(addr);
        if (ip.isEmpty() || prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("expected an IPv4 range like 10.240.0.0/16, found \""
                    + (text == null ? "" : text) + "\"");
        }
        return new Ipv4Cidr(ip.getAsLong(), prefix);
    }

    /**
     * A dotted quad as an unsigned 32-bit number, or empty for anything else (IPv6, host names,
     * ports, signs, more or fewer than four parts, parts above 255 or longer than three digits).
     */
    public static OptionalLong parseAddress(String s) {
        if (s == null || s.isEmpty() || s.length() > 15) {
            return OptionalLong.empty();
        }
        long value = 0;
        int parts = 0;
        int part = 0;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char ch = i == s.length() ? '.' : s.charAt(i);
            if (ch == '.') {
                if (digits == 0 || part > 255) {
                    return OptionalLong.empty();
                }
                value = (value << 8) | part;
                parts++;
                part = 0;
                digits = 0;
            } else if (ch >= '0' && ch <= '9' && digits < 3) {
                part = part * 10 + (ch - '0');
                digits++;
            } else {
                return OptionalLong.empty();
            }
        }
        return parts == 4 ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** Whether {@code address} (a log value) is a valid dotted quad inside this range. */
    public boolean contains(String address) {
        OptionalLong ip = parseAddress(address);
        return ip.isPresent() && contains(ip.getAsLong());
    }

    public boolean contains(long address) {
        return (address & mask(prefix)) == network;
    }

    /** Whether the two ranges share any address (one contains the other's network). */
    public boolean overlaps(Ipv4Cidr other) {
        return contains(other.network) || other.contains(network);
    }

    /** The canonical text, e.g. {@code 10.240.1.0/24}. */
    @Override
    public String toString() {
        return dotted(network) + "/" + prefix;
    }

    static String dotted(long ip) {
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0L : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
}
