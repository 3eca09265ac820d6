package dev.rotor.server.cli; public final class Main { public static void main(String[] a) {} }
