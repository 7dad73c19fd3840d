package dev.acrwatch.notify;

import dev.acrwatch.config.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMTP server and the addresses to write to.
 *
 * @param subjectTemplate placeholders {@code {status} {rule} {class} {registry} {value} {threshold} {window}};
 *                        CR/LF are stripped and the result is capped after filling
 * @param mailProperties  extra Jakarta Mail session properties (e.g. {@code mail.smtp.ssl.trust}); they cannot
 *                        switch off a required STARTTLS
 */
public record EmailReceiver(
        String name,
        boolean sendResolved,
        String host,
        int port,
        SmtpSecurity security,
        Optional<String> username,
        Optional<Secret> password,
        String from,
        List<String> to,
        List<String> cc,
        String subjectTemplate,
        Timeouts timeouts,
        Map<String, String> mailProperties) implements ReceiverConfig {

    public static final String DEFAULT_SUBJECT =
            "[{status}] acr-watch: {class} on {registry}: {summary}";

    /** How the SMTP connection is protected. STARTTLS is required when chosen: no silent plain-text fallback. */
    public enum SmtpSecurity { NONE, STARTTLS, SMTPS }

    public EmailReceiver {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subjectTemplate, "subjectTemplate");
        Objects.requireNonNull(timeouts, "timeouts");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        mailProperties = Map.copyOf(mailProperties);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("receiver " + name + ": to: at least one address is needed");
        }
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("receiver " + name + ": username and password go together");
        }
    }
}
