package com.example.orders;

/** The application's entry point: {@code java -jar}, {@code java -cp}, {@code mvn exec:java}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String launcher = args.length > 0 ? args[0] : System.getProperty("consumer.launcher", "unnamed");
        System.out.println(Check.report(launcher, Check.run()));
    }
}
