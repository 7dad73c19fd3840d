package dev.acrwatch.notify.email;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.AlertView;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.EmailReceiver.SmtpSecurity;
import dev.acrwatch.notify.Escape;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.MessageModel;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.notify.NotifierDeps;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends multipart/alternative (text + HTML) alert emails over SMTP. SMTP reply codes decide retrying: 4yz is
 * transient (server_error, retry), 5yz permanent (client_error, no retry), 530/534/535 are auth_error.
 */
public final class EmailNotifier implements Notifier {

    private final EmailReceiver config;
    private final NotifierDeps deps;
    private final MessageModel model;

    public EmailNotifier(EmailReceiver config, NotifierDeps deps) {
        this.config = config;
        this.deps = deps;
        this.model = new MessageModel(deps);
    }

    @Override
    public DeliveryResult send(Notification n) {
        List<AlertView> views = model.views(n);
        if (views.isEmpty()) {
            return DeliveryResult.delivered(who() + ": nothing to send");
        }
        Session session = Session.getInstance(properties());
        try {
            MimeMessage msg = message(session, views, messageId(n));
            try (Transport t = session.getTransport(protocol())) {
                t.connect(config.host(), config.port(), config.username().orElse(null),
                        config.password().map(p -> p.reveal()).orElse(null));
                t.sendMessage(msg, msg.getAllRecipients());
            }
            return DeliveryResult.delivered(who() + ": sent to " + msg.getAllRecipients().length + " recipient(s)");
        } catch (MessagingException e) {
            return classify(e);
        } catch (RuntimeException e) {
            // a notifier reports, it does not throw: the dispatcher must go on with the other receivers
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false, who() + ": " + describe(e));
        }
    }

    private MimeMessage message(Session session, List<AlertView> views, String messageId) throws MessagingException {
        MimeMessage msg = new StableIdMessage(session, messageId);
        msg.setFrom(new InternetAddress(config.from(), true));
        for (String to : config.to()) {
            msg.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        }
        for (String cc : config.cc()) {
            msg.addRecipient(Message.RecipientType.CC, new InternetAddress(cc, true));
        }
        msg.setSubject(EmailContent.subject(EmailContent.subjectTemplate(config), views), "UTF-8");
        msg.setSentDate(Date.from(deps.clock().instant()));
        msg.setHeader("X-Acr-Watch-Status", views.stream().anyMatch(AlertView::firing) ? "firing" : "resolved");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(EmailContent.text(views), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(EmailContent.html(views), "UTF-8", "html");
        MimeMultipart alt = new MimeMultipart("alternative");
        alt.addBodyPart(text);
        alt.addBodyPart(html); // last part is the preferred one
        msg.setContent(alt);
        msg.saveChanges();
        return msg;
    }

    /**
     * The same notification always gets the same Message-ID, so if a crash makes the outbox send it
     * again, mail clients show one message. Hashed: the dedup key holds values from logs.
     */
    static String messageId(Notification n) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (n.dedupKey() + "|" + n.receiver()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "<" + java.util.HexFormat.of().formatHex(h, 0, 16) + "@acr-watch>";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A message whose Message-ID is chosen, not generated per send. */
    private static final class StableIdMessage extends MimeMessage {
        private final String id;

        StableIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    Properties properties() {
        String p = "mail." + protocol() + ".";
        Properties props = new Properties();
        props.put(p + "connectiontimeout", Long.toString(config.timeouts().connect().toMillis()));
        props.put(p + "timeout", Long.toString(config.timeouts().read().toMillis()));
        props.put(p + "writetimeout", Long.toString(config.timeouts().read().toMillis()));
        props.put(p + "auth", Boolean.toString(config.username().isPresent()));
        if (config.security() != SmtpSecurity.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        props.putAll(config.mailProperties());
        // applied after the user's extras so they cannot downgrade a required STARTTLS to plain text
        if (config.security() == SmtpSecurity.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        return props;
    }

    private String protocol() {
        return config.security() == SmtpSecurity.SMTPS ? "smtps" : "smtp";
    }

    private DeliveryResult classify(MessagingException e) {
        String detail = describe(e);
        if (e instanceof AuthenticationFailedException) {
            return DeliveryResult.failed(FailureReason.AUTH_ERROR, false, who() + ": authentication failed: " + detail);
        }
        int code = replyCode(e);
        if (code == 530 || code == 534 || code == 535) {
            return DeliveryResult.failed(FailureReason.AUTH_ERROR, false, who() + ": SMTP " + code + ": " + detail);
        }
        if (code >= 400 && code < 500) {
            return DeliveryResult.failed(FailureReason.SERVER_ERROR, true, who() + ": SMTP " + code + ": " + detail);
        }
        if (code >= 500) {
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false, who() + ": SMTP " + code + ": " + detail);
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("STARTTLS")) {
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false,
                    who() + ": STARTTLS is required but the server does not offer it: " + detail);
        }
        if (causedBy(e, SSLException.class)) {
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false, who() + ": TLS failed: " + detail);
        }
        if (causedBy(e, IOException.class)) {
            return DeliveryResult.failed(FailureReason.NETWORK, true, who() + ": cannot reach server: " + detail);
        }
        return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false, who() + ": " + detail);
    }

    private static int replyCode(MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof SMTPAddressFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof SMTPSenderFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
                int inner = replyCode(m.getNextException());
                if (inner > 0) {
                    return inner;
                }
            }
        }
        return -1;
    }

    private static int replyCode(Exception e) {
        return e instanceof MessagingException m ? replyCode(m) : -1;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private String describe(Exception e) {
        String m = Escape.singleLine(String.valueOf(e.getMessage()));
        if (config.password().isPresent()) {
            String secret = config.password().get().reveal();
            if (!secret.isEmpty()) {
                m = m.replace(secret, "<redacted>");
            }
        }
        return Escape.truncate(m, 300);
    }

    private String who() {
        return "email receiver \"" + config.name() + "\"";
    }
}
