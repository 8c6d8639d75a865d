package io.taskfn.api;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a class of functions: a call that came without a body (Funqy then passes null, over HTTP
 * and when called by name) reaches each function as a request with every parameter absent, so the
 * function's own checks name what is missing.
 */
@InterceptorBinding
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface EmptyBodyAsEmptyRequest {}
