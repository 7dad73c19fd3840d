package dev.acrwatch;

/** Entry point: wiring only. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.err.println("acr-watch: not wired yet");
        System.exit(2);
    }
}
