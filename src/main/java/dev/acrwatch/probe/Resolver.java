package dev.acrwatch.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution, a port so tests can answer with stubbed addresses. */
@FunctionalInterface
public interface Resolver {

    /** All addresses of {@code host}; throws {@link UnknownHostException} when it does not resolve. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK resolver (OS resolver, honouring the JVM's DNS cache settings). */
    static Resolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
