package dev.tidepool.jdbc.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.jdbc.internal.diagnosis.StackReducer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stacks of a Spring Boot request thread held in a {@code @Transactional} method, as the
 * starter's example test captured them (a controller calling a service through its CGLIB proxy
 * and the transaction interceptor, the service calling a slow HTTP service), on Spring 7.0 with
 * Tomcat 11 (Boot 4.0) and on Spring 6.2 with Tomcat 10.1 (Boot 3.5): only the application's
 * three frames remain. Issue 10.
 */
class SpringStacksTest {

    private static final String SPRING_7_TOMCAT_11 = """
            jdk.internal.misc.Unsafe park
            java.util.concurrent.locks.LockSupport park
            java.util.concurrent.CompletableFuture$Signaller block
            java.util.concurrent.ForkJoinPool unmanagedBlock
            java.util.concurrent.ForkJoinPool managedBlock
            java.util.concurrent.CompletableFuture waitingGet
            java.util.concurrent.CompletableFuture get
            jdk.internal.net.http.HttpClientImpl send
            jdk.internal.net.http.HttpClientFacade send
            com.example.orders.PaymentClient charge
            com.example.orders.OrderService placeOrder
            jdk.internal.reflect.NativeMethodAccessorImpl invoke0
            jdk.internal.reflect.NativeMethodAccessorImpl invoke
            jdk.internal.reflect.DelegatingMethodAccessorImpl invoke
            java.lang.reflect.Method invoke
            org.springframework.aop.support.AopUtils invokeJoinpointUsingReflection
            org.springframework.aop.framework.ReflectiveMethodInvocation invokeJoinpoint
            org.springframework.aop.framework.ReflectiveMethodInvocation proceed
            org.springframework.transaction.interceptor.TransactionInterceptor$1 proceedWithInvocation
            org.springframework.transaction.interceptor.TransactionAspectSupport invokeWithinTransaction
            org.springframework.transaction.interceptor.TransactionInterceptor invoke
            org.springframework.aop.framework.ReflectiveMethodInvocation proceed
            org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor intercept
            com.example.orders.OrderService$$SpringCGLIB$$0 placeOrder
            com.example.orders.OrderController create
            jdk.internal.reflect.NativeMethodAccessorImpl invoke0
            jdk.internal.reflect.NativeMethodAccessorImpl invoke
            jdk.internal.reflect.DelegatingMethodAccessorImpl invoke
            java.lang.reflect.Method invoke
            org.springframework.web.method.support.InvocableHandlerMethod doInvoke
            org.springframework.web.method.support.InvocableHandlerMethod invokeForRequest
            org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod invokeAndHandle
            org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter invokeHandlerMethod
            org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter handleInternal
            org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter handle
            org.springframework.web.servlet.DispatcherServlet doDispatch
            org.springframework.web.servlet.DispatcherServlet doService
            org.springframework.web.servlet.FrameworkServlet processRequest
            org.springframework.web.servlet.FrameworkServlet doPost
            jakarta.servlet.http.HttpServlet service
            org.springframework.web.servlet.FrameworkServlet service
            jakarta.servlet.http.HttpServlet service
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.apache.tomcat.websocket.server.WsFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.RequestContextFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.FormContentFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.ServerHttpObservationFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.CharacterEncodingFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.apache.catalina.core.StandardWrapperValve invoke
            org.apache.catalina.core.StandardContextValve invoke
            org.apache.catalina.authenticator.AuthenticatorBase invoke
            org.apache.catalina.core.StandardHostValve invoke
            org.apache.catalina.valves.ErrorReportValve invoke
            org.apache.catalina.core.StandardEngineValve invoke
            org.apache.catalina.connector.CoyoteAdapter service
            org.apache.coyote.http11.Http11Processor service
            org.apache.coyote.AbstractProcessorLight process
            org.apache.coyote.AbstractProtocol$ConnectionHandler process
            org.apache.tomcat.util.net.NioEndpoint$SocketProcessor doRun
            org.apache.tomcat.util.net.SocketProcessorBase run
            org.apache.tomcat.util.threads.ThreadPoolExecutor runWorker
            org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker run
            org.apache.tomcat.util.threads.TaskThread$WrappingRunnable run
            java.lang.Thread run
            """;

    private static final String SPRING_6_TOMCAT_10 = """
            jdk.internal.misc.Unsafe park
            java.util.concurrent.locks.LockSupport park
            java.util.concurrent.CompletableFuture$Signaller block
            java.util.concurrent.ForkJoinPool unmanagedBlock
            java.util.concurrent.ForkJoinPool managedBlock
            java.util.concurrent.CompletableFuture waitingGet
            java.util.concurrent.CompletableFuture get
            jdk.internal.net.http.HttpClientImpl send
            jdk.internal.net.http.HttpClientFacade send
            com.example.orders.PaymentClient charge
            com.example.orders.OrderService placeOrder
            jdk.internal.reflect.NativeMethodAccessorImpl invoke0
            jdk.internal.reflect.NativeMethodAccessorImpl invoke
            jdk.internal.reflect.DelegatingMethodAccessorImpl invoke
            java.lang.reflect.Method invoke
            org.springframework.aop.support.AopUtils invokeJoinpointUsingReflection
            org.springframework.aop.framework.ReflectiveMethodInvocation invokeJoinpoint
            org.springframework.aop.framework.ReflectiveMethodInvocation proceed
            org.springframework.transaction.interceptor.TransactionInterceptor$$Lambda$1926 proceedWithInvocation
            org.springframework.transaction.interceptor.TransactionAspectSupport invokeWithinTransaction
            org.springframework.transaction.interceptor.TransactionInterceptor invoke
            org.springframework.aop.framework.ReflectiveMethodInvocation proceed
            org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor intercept
            com.example.orders.OrderService$$SpringCGLIB$$0 placeOrder
            com.example.orders.OrderController create
            jdk.internal.reflect.NativeMethodAccessorImpl invoke0
            jdk.internal.reflect.NativeMethodAccessorImpl invoke
            jdk.internal.reflect.DelegatingMethodAccessorImpl invoke
            java.lang.reflect.Method invoke
            org.springframework.web.method.support.InvocableHandlerMethod doInvoke
            org.springframework.web.method.support.InvocableHandlerMethod invokeForRequest
            org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod invokeAndHandle
            org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter invokeHandlerMethod
            org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter handleInternal
            org.springframework.web.servlet.mvc.method.AbstractHandlerMethodAdapter handle
            org.springframework.web.servlet.DispatcherServlet doDispatch
            org.springframework.web.servlet.DispatcherServlet doService
            org.springframework.web.servlet.FrameworkServlet processRequest
            org.springframework.web.servlet.FrameworkServlet doPost
            jakarta.servlet.http.HttpServlet service
            org.springframework.web.servlet.FrameworkServlet service
            jakarta.servlet.http.HttpServlet service
            org.apache.catalina.core.ApplicationFilterChain internalDoFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.apache.tomcat.websocket.server.WsFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain internalDoFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.RequestContextFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain internalDoFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.FormContentFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain internalDoFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.ServerHttpObservationFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain internalDoFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.springframework.web.filter.CharacterEncodingFilter doFilterInternal
            org.springframework.web.filter.OncePerRequestFilter doFilter
            org.apache.catalina.core.ApplicationFilterChain internalDoFilter
            org.apache.catalina.core.ApplicationFilterChain doFilter
            org.apache.catalina.core.StandardWrapperValve invoke
            org.apache.catalina.core.StandardContextValve invoke
            org.apache.catalina.authenticator.AuthenticatorBase invoke
            org.apache.catalina.core.StandardHostValve invoke
            org.apache.catalina.valves.ErrorReportValve invoke
            org.apache.catalina.core.StandardEngineValve invoke
            org.apache.catalina.connector.CoyoteAdapter service
            org.apache.coyote.http11.Http11Processor service
            org.apache.coyote.AbstractProcessorLight process
            org.apache.coyote.AbstractProtocol$ConnectionHandler process
            org.apache.tomcat.util.net.NioEndpoint$SocketProcessor doRun
            org.apache.tomcat.util.net.SocketProcessorBase run
            org.apache.tomcat.util.threads.ThreadPoolExecutor runWorker
            org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker run
            org.apache.tomcat.util.threads.TaskThread$WrappingRunnable run
            java.lang.Thread run
            """;

    private static final List<String> APPLICATION = List.of(
            "PaymentClient.charge(PaymentClient.java:27)",
            "OrderService.placeOrder(OrderService.java:28)",
            "OrderController.create(OrderController.java:20)");

    private static StackTraceElement[] stack(String text) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            String[] classAndMethod = line.strip().split(" ");
            String c = classAndMethod[0];
            String file = c.substring(c.lastIndexOf('.') + 1).replaceAll("\\$.*", "") + ".java";
            int lineNumber = APPLICATION.stream().filter(a -> a.startsWith(file.replace(".java", "") + "." + classAndMethod[1] + "("))
                    .map(a -> Integer.parseInt(a.replaceAll(".*:(\\d+)\\)", "$1"))).findFirst().orElse(100);
            frames.add(new StackTraceElement(c, classAndMethod[1], file, lineNumber));
        }
        return frames.toArray(new StackTraceElement[0]);
    }

    private static List<String> applicationFrames(String text) {
        List<String> shown = new ArrayList<>();
        for (StackTraceElement f : StackReducer.DEFAULT.applicationFrames(stack(text), 100)) {
            shown.add(StackReducer.format(f));
        }
        return shown;
    }

    @Test
    void onSpring7AndTomcat11OnlyTheApplicationsFramesRemain() {
        assertEquals(APPLICATION, applicationFrames(SPRING_7_TOMCAT_11));
    }

    @Test
    void onSpring6AndTomcat10OnlyTheApplicationsFramesRemain() {
        assertEquals(APPLICATION, applicationFrames(SPRING_6_TOMCAT_10));
    }

    @Test
    void observationAndResilienceAspectsAroundAnApplicationMethodAreSkipped() {
        String stack = """
            com.example.orders.PaymentClient charge
            io.micrometer.observation.Observation observeChecked
            io.micrometer.observation.aop.ObservedAspect observe
            io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerAspect proceed
            io.opentelemetry.javaagent.instrumentation.spring.webmvc.v6_0.HandlerAdapterAdvice onEnter
            com.example.orders.OrderService placeOrder
            com.example.orders.OrderService$$SpringCGLIB$$0 placeOrder
            com.example.orders.OrderController create
            """;
        assertEquals(APPLICATION, applicationFrames(stack));
    }
}
