import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only. DynamoDB Local has no
 * option for its address: its Jetty server binds every interface, so anyone
 * on the network could read a running local stack's table (participants,
 * voucher codes, sealed secrets) without credentials. This builds the server
 * the way DynamoDB Local's own main does, sets the address on its connector
 * before it starts, and starts it. Reflection only, so it compiles with
 * nothing but the JDK (run as a source file: `java LoopbackDynamoDbLocal.java`,
 * which a JRE's module image supports).
 *
 * Arguments: the host first, then DynamoDB Local's own (-port, -inMemory, ...).
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) rest);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Object connector : connectors) {
      Method setHost = connector.getClass().getMethod("setHost", String.class);
      setHost.invoke(connector, host);
    }
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}
