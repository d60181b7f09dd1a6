package dev.leti.local.stack;

/**
 * One child JVM of the stack: a replica of a service with its own HTTP port and instance name. The
 * name is the module's ({@code generator-service}) when the service runs once, the module's with the
 * replica number ({@code generator-service-2}) otherwise; it names the log file and tags the
 * service's metrics ({@code replica}).
 *
 * @param kind    the service
 * @param replica 1-based replica number
 * @param name    instance name
 * @param port    HTTP port
 */
public record ServiceInstance(ServiceKind kind, int replica, String name, int port) {
}
