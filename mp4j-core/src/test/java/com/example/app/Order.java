package com.example.app;

import java.io.Serializable;

/** An application's own record, outside mp4j's packages: what users send. */
public record Order(int id, String customer, long cents) implements Serializable {
}
