package dev.acrwatch.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/** Test doubles for the resolver and the socket factory. */
final class Stubs {

    private Stubs() {}

    /** Answers from a fixed table; any other name is NXDOMAIN. */
    static Resolver resolver(Map<String, List<String>> answers) {
        return host -> {
            List<String> ips = answers.get(host);
            if (ips == null) {
                throw new UnknownHostException(host);
            }
            return ips.stream().map(ip -> address(host, ip)).toList();
        };
    }

    /** An address built from its literal, without any lookup. */
    static InetAddress address(String host, String literal) {
        try {
            return InetAddress.getByAddress(host, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Counts the sockets the probe creates, so a test can prove no connection was attempted. */
    static final class CountingSockets extends SocketFactory {
        final AtomicInteger created = new AtomicInteger();

        @Override
        public Socket createSocket() {
            created.incrementAndGet();
            return new Socket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new UnsupportedOperationException("the probe connects an unconnected socket itself");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("the probe connects an unconnected socket itself");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException("the probe connects an unconnected socket itself");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException("the probe connects an unconnected socket itself");
        }
    }
}
