package org.apache.commons.collections.functors;

import java.io.Serializable;

/**
 * Stands for the commons-collections gadget of the same name (here harmless): an application
 * class path can hold gadget classes, which the deny-list refuses even when the application's
 * classes are trusted.
 */
public final class InvokerTransformer implements Serializable {
    private static final long serialVersionUID = 1L;
    public String methodName = "exec";
}
