#!/usr/bin/env python3
"""Which 200 OKs to an INVITE the switch sent more than once, and when the caller's ACK came, from a loopback capture
of the switch's SIP port (used to find the ACK race fixed by sip/AnswerBeforeAck, bench/results/signalling-investigation.md):

    tcpdump -i lo -nn -s 0 -w sip.pcap "udp port $SIP" &   # while bench/run.sh runs
    bench/sip-acks.py sip.pcap $SIP

Prints how many calls got a 200 (to "CSeq: 2 INVITE", bench/sipp/uac-call.xml), how many got it more than once, the
time from the first 200 to the first ACK on the wire, and the message sequence of the first few calls with a resent 200.
"""
import re
import struct
import sys
from collections import defaultdict

f=open(sys.argv[1],'rb'); magic,=struct.unpack('<I',f.read(4)); f.read(16); lt,=struct.unpack('<I',f.read(4))
ev=defaultdict(list)
while True:
    h=f.read(16)
    if len(h)<16: break
    s,us,incl,_=struct.unpack('<IIII',h); d=f.read(incl); t=s+us/1e6
    off=14; ihl=(d[off]&15)*4; u=off+ihl; sp,dp=struct.unpack('>HH',d[u:u+4]); p=d[u+8:].decode('latin1')
    first=p.split('\r\n',1)[0]
    cid=re.search(r'\nCall-ID: *(\S+)',p,re.I); cseq=re.search(r'\nCSeq: *(\d+ \w+)',p,re.I)
    if not cid or not cseq: continue
    ev[cid.group(1)].append((t,sp,dp,first[:20],cseq.group(1)))
SIP=int(sys.argv[2])
n200=0; retr=[]; ackgap=[]
for cid,es in ev.items():
    oks=[e for e in es if e[3].startswith('SIP/2.0 200') and e[4]=='2 INVITE' and e[1]==SIP]
    acks=[e for e in es if e[3].startswith('ACK') and e[4]=='2 ACK' and e[2]==SIP]
    if not oks: continue
    n200+=1
    if acks: ackgap.append((acks[0][0]-oks[0][0])*1000)
    if len(oks)>1:
        retr.append((cid, [(round((e[0]-oks[0][0])*1000,1), e[3]) for e in oks+acks], [(round((e[0]-oks[0][0])*1000,1),e[3],e[4]) for e in sorted(es) ]))
print('calls with 200', n200, 'with retransmitted 200', len(retr))
ackgap.sort(); 
for q in (50,90,99,100): print('ack after 200 (wire) p%d'%q, ackgap[min(len(ackgap)-1,int(q/100*(len(ackgap)-1)))])
for r in retr[:4]:
    print(r[0]); 
    for e in r[2]: print('   ',e)
