package dev.acrwatch.probe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Which addresses a private endpoint may resolve to. */
final class PrivateAddresses {

    private PrivateAddresses() {}

    /**
     * RFC 1918 (10/8, 172.16/12, 192.168/16) and IPv6 ULA (fc00::/7). Loopback also counts as
     * private: it never leaves the host, and it lets tests run a "private" registry on 127.0.0.1.
     */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 10
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168);
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }
}
