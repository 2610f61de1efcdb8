package com.example.orders;

import java.io.Serializable;

/** An application's own value type: it crosses process boundaries with no configuration. */
public record Order(int id, String customer, long cents) implements Serializable {
}
