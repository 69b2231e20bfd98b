# syntax=docker/dockerfile:1
# Multi-stage build of the Strangler gateway: build with Maven, extract the Boot jar into layers,
# record a class data sharing archive in a training run, run as a non-root user on a JRE.
# Start-up with and without these steps is measured by load-tests/startup.sh (load-tests/README.md).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY routing-rules/pom.xml routing-rules/
COPY shadow-compare/pom.xml shadow-compare/
COPY gateway/pom.xml gateway/
COPY load-tests/pom.xml load-tests/
COPY routing-rules/src routing-rules/src
COPY shadow-compare/src shadow-compare/src
COPY gateway/src gateway/src
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -pl gateway -am package -DskipTests

FROM eclipse-temurin:17-jre AS layers
WORKDIR /layers
COPY --from=build /src/gateway/target/strangler-gateway.jar strangler-gateway.jar
# Spring Boot's extracted layout: strangler-gateway.jar with its dependencies as plain jars in lib/
# (its manifest's class path). The JVM loads plain jars faster than the nested jars of the
# executable jar, and class data sharing can archive classes only from plain jars.
RUN java -Djarmode=tools -jar strangler-gateway.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 strangler \
    && useradd --system --uid 10001 --gid strangler --home-dir /app --shell /usr/sbin/nologin strangler
WORKDIR /app
# Least-changing layers first, so a code change rebuilds only the last one.
COPY --from=layers --chown=strangler:strangler /layers/extracted/dependencies/ ./
COPY --from=layers --chown=strangler:strangler /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers --chown=strangler:strangler /layers/extracted/application/ ./
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Training run for class data sharing: the application starts with the demo rules and exits once
# its context is refreshed (before any port is opened, no backend is called); the JVM writes the
# classes it loaded to application.jsa, which every start then maps instead of loading and
# verifying them again. Same JVM, same options and the same relative class path as the
# ENTRYPOINT, which the archive requires (a JVM that cannot use it says so and starts without).
RUN java -XX:ArchiveClassesAtExit=application.jsa -Dspring.context.exit=onRefresh \
    -jar strangler-gateway.jar --strangler.rules.location=classpath:demo/rules.yaml
USER 10001:10001
EXPOSE 8080 8081
# C2, the JIT's optimizing compiler, takes a method after 100 000 calls (400 000 loop turns)
# instead of 5 000 (40 000): while the gateway starts, C2 otherwise spends about as much CPU as
# the start-up itself on code that runs only then. The request path's methods run that often
# within seconds of traffic and are compiled as before (load-tests/README.md, "Start-up": first
# answer 0.47x of the plain jar's time, and more requests served in the first 10 s, not fewer).
ENTRYPOINT ["java", "-XX:SharedArchiveFile=application.jsa", \
    "-XX:Tier4InvocationThreshold=100000", "-XX:Tier4MinInvocationThreshold=100000", \
    "-XX:Tier4CompileThreshold=100000", "-XX:Tier4BackEdgeThreshold=400000", \
    "-jar", "strangler-gateway.jar"]
CMD ["--strangler.rules.location=/etc/strangler/rules.yaml"]
