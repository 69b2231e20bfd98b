# Summary of a collapsed-stacks profile (async-profiler: "frame;frame;... count" per line): the
# share of all samples under each frame group below (inclusive: a sample counts once per group
# whatever its depth); each sample charged to the group of its innermost grouped frame (what the
# time was spent in: a JDK frame counts for the code that called it); the Strangler methods charged
# that way; and the 25 frames with the most samples of their own (self).
function add(group, n) { incl[group] += n }
{
  n = $NF; stack = $0; sub(/ [0-9]+$/, "", stack); total += n
  split(stack, frames, ";"); leaf = frames[length(frames)]; self[leaf] += n
  delete seen
  for (i = 1; i <= length(frames); i++) {
    f = frames[i]
    if (f ~ /^dev[\/.]strangler[\/.]shadow[\/.]/) g = "shadow-compare (diff, snapshots)"
    else if (f ~ /^dev[\/.]strangler[\/.]/) g = "Strangler gateway and rules code"
    else if (f ~ /springframework\/cloud\/gateway/) g = "Spring Cloud Gateway"
    else if (f ~ /springframework\/web\/|springframework\/http\//) g = "Spring WebFlux / spring-web"
    else if (f ~ /reactor\/netty\//) g = "Reactor Netty"
    else if (f ~ /^reactor\/core\//) g = "Reactor Core operators"
    else if (f ~ /^io\/netty\//) g = "Netty"
    else if (f ~ /io\/micrometer\//) g = "Micrometer"
    else if (f ~ /resilience4j/) g = "Resilience4j"
    else if (f ~ /tools\/jackson\//) g = "Jackson 3 (shadow compare)"
    else if (f ~ /MessageDigest|sun\/security\/provider/) g = "SHA-256 (snapshots)"
    else if (f ~ /ch\/qos\/logback|org\/slf4j/) g = "Logback / SLF4J"
    else if (f ~ /_\[k\]$|^entry_SYSCALL|^do_syscall|^__x64_sys|^tcp_|^ip_|^__sys_|^sock_|^ep_poll|^schedule/) g = "kernel"
    else if (f ~ /^GCTaskThread|G1|^ParallelTask|GangWorker|WorkerThread::run|^GC_active/) g = "GC"
    else if (f ~ /CompileBroker|C2Compiler|Compile::|C1/) g = "JIT compiler"
    else g = ""
    if (g != "" && !(g in seen)) { seen[g] = 1; add(g, n) }
    if (g != "") { inner = g; innerFrame = f }
  }
  if (inner == "") inner = "other (JVM, JDK, libc)"
  own[inner] += n
  if (inner ~ /^Strangler/) ours[innerFrame] += n
  inner = ""; innerFrame = ""
}
END {
  printf "%d samples\n\ninclusive share by group:\n", total
  for (g in incl) printf "%6.1f %%  %s\n", 100 * incl[g] / total, g | "sort -rn"
  close("sort -rn")
  printf "\ncharged to the innermost grouped frame:\n"
  for (g in own) printf "%6.1f %%  %s\n", 100 * own[g] / total, g | "sort -rn"
  close("sort -rn")
  printf "\nStrangler methods charged that way (top 20):\n"
  for (f in ours) printf "%6.1f %%  %s\n", 100 * ours[f] / total, f | "sort -rn | head -20"
  close("sort -rn | head -20")
  printf "\ntop frames by own samples:\n"
  for (f in self) printf "%6.1f %%  %s\n", 100 * self[f] / total, f | "sort -rn | head -25"
  close("sort -rn | head -25")
}
