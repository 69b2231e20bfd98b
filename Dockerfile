# syntax=docker/dockerfile:1
# Multi-stage build of the Strangler gateway: build with Maven, split the Boot jar into layers,
# run as a non-root user on a JRE.

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
RUN java -Djarmode=tools -jar strangler-gateway.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 strangler \
    && useradd --system --uid 10001 --gid strangler --home-dir /app --shell /usr/sbin/nologin strangler
WORKDIR /app
# Least-changing layers first, so a code change rebuilds only the last one.
COPY --from=layers --chown=strangler:strangler /layers/extracted/dependencies/ ./
COPY --from=layers --chown=strangler:strangler /layers/extracted/spring-boot-loader/ ./
COPY --from=layers --chown=strangler:strangler /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers --chown=strangler:strangler /layers/extracted/application/ ./
USER 10001:10001
EXPOSE 8080 8081
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
CMD ["--strangler.rules.location=/etc/strangler/rules.yaml"]
