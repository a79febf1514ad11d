import os, time, sys, glob
HZ = os.sysconf('SC_CLK_TCK')
def snap():
    d = {}
    for p in glob.glob('/proc/[0-9]*/task/[0-9]*'):
        try:
            st = open(p + '/stat').read()
            ss = open(p + '/schedstat').read().split()
        except Exception:
            continue
        pid = p.split('/')[2]; tid = p.split('/')[4]
        comm = st[st.index('(')+1:st.rindex(')')]
        f = st[st.rindex(')')+2:].split()
        cpu = (int(f[11]) + int(f[12]))
        d[tid] = (pid, comm, cpu, int(ss[0]), int(ss[1]))
    return d
pcomm = {}
def pname(pid):
    if pid not in pcomm:
        try: pcomm[pid] = open(f'/proc/{pid}/cmdline').read().replace('\0',' ')[:60]
        except Exception: pcomm[pid] = '?'
    return pcomm[pid]
prev = snap(); t0 = time.time()
dur = float(sys.argv[1])
while time.time() - t0 < dur:
    time.sleep(1.0)
    cur = snap()
    rows = []
    for tid, (pid, comm, cpu, run, wait) in cur.items():
        if tid in prev:
            _, _, cpu0, run0, wait0 = prev[tid]
            r = (run - run0) / 1e6; w = (wait - wait0) / 1e6
            if r > 5 or w > 5: rows.append((r, w, pid, tid, comm))
    rows.sort(reverse=True)
    print(f'--- t={time.time()-t0:.0f}', ' | '.join(f'{comm}[{pid}/{tid}] run={r:.0f} wait={w:.0f} {pname(pid)[:30]}' for r, w, pid, tid, comm in rows[:10]), flush=True)
    prev = cur
