#!/usr/bin/env python3
"""Writes a bank statement file of about SIZE_MB megabytes for ops/bench statements.

usage: statement-shapes.py FORMAT SHAPE SIZE_MB OUT
  FORMAT  camt053 | mt940 | bai2 | csv
  SHAPE   ordinary: realistic entries (references, remittance text)
          deep:     camt, every entry nests 55 elements (the limit is 64)
          wide:     camt, every entry has 400 empty sibling elements and a start tag of 30 attributes (the limit is 32)
          long:     texts just under the per-element limit (64 KiB): camt AddtlNtryInf,
                    MT940 :86: continuation lines, BAI2 88 continuations, CSV description
          hostile-deep / hostile-long: one camt entry nested 100,000 deep / one text of the whole
                    size (refused; the time to refusal is what counts)
Every accepted shape balances: statements of at most 2,000 lines (and 16 MiB of text), each
opening with the previous closing balance."""
import sys

fmt, shape, size_mb, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
target = int(size_mb * 1_000_000)


def money(cents, sep):
    return "%d%s%02d" % (abs(cents) // 100, sep, abs(cents) % 100)


def entry_text(i):
    if shape == "long":
        return ("long remittance text %d " % i) * (60_000 // 30)
    return "PAYOUT PO-%08d ACME PAYMENTS GMBH SETTLEMENT BATCH %d" % (i, i % 97)


def camt_entry(i, cents):
    mark = "CRDT" if cents >= 0 else "DBIT"
    extra, attributes = "", ""
    if shape == "deep":
        extra = "<Xtra>" + "<a>" * 55 + "x" + "</a>" * 55 + "</Xtra>"
    elif shape == "wide":
        extra = "<Xtra>" + "<e/>" * 400 + "</Xtra>"
        attributes = "".join(' a%d="v"' % k for k in range(30))
    return (
        '<Ntry%s><NtryRef>%d</NtryRef><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
        "<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt><AcctSvcrRef>BK-%010d</AcctSvcrRef>"
        "<NtryDtls><TxDtls><Refs><EndToEndId>PO-%08d</EndToEndId></Refs>"
        "<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls>%s<AddtlNtryInf>%s</AddtlNtryInf></Ntry>\n"
        % (attributes, i, money(cents, "."), mark, i, i, "ACME payout", extra, entry_text(i)))


def statements():
    """(opening, [(index, cents)]) per statement until the target size is reached (approximately)."""
    i, balance = 0, 100_000_00
    per_statement = 2_000 if shape != "long" else 200
    while True:
        lines = []
        for _ in range(per_statement):
            cents = (i * 7919) % 500_000 - 150_000 or 1
            lines.append((i, cents))
            i += 1
        yield balance, lines
        balance += sum(c for _, c in lines)


def write_camt(f):
    if shape == "hostile-deep":
        depth = 100_000
        body = camt_entry(0, 100).replace("<AddtlNtryInf>", "<AddtlNtryInf>" + "<a>" * depth + "</a>" * depth)
        f.write(camt_head(0, 0, 100) + body + "</Stmt>\n</BkToCstmrStmt></Document>\n")
        return
    if shape == "hostile-long":
        f.write(camt_head(0, 0, 100) + camt_entry(0, 100).replace("<AddtlNtryInf>", "<AddtlNtryInf>" + "x" * target))
        f.write("</Stmt>\n</BkToCstmrStmt></Document>\n")
        return
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>\n')
    f.write("<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-21T06:00:00</CreDtTm></GrpHdr>\n")
    for number, (opening, lines) in enumerate(statements()):
        closing = opening + sum(c for _, c in lines)
        f.write(camt_head(number, opening, closing).split("<BkToCstmrStmt>\n", 1)[1])
        for i, cents in lines:
            f.write(camt_entry(i, cents))
        f.write("</Stmt>\n")
        if f.tell() >= target:
            break
    f.write("</BkToCstmrStmt></Document>\n")


def camt_head(number, opening, closing):
    def bal(code, cents):
        return ('<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%s</Amt><CdtDbtInd>%s</CdtDbtInd>'
                "<Dt><Dt>2026-11-20</Dt></Dt></Bal>\n" % (code, money(cents, "."), "CRDT" if cents >= 0 else "DBIT"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>\n'
            "<Stmt><Id>S%d</Id><ElctrncSeqNb>%d</ElctrncSeqNb><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
            % (number, number + 1) + bal("OPBD", opening) + bal("CLBD", closing))


def write_mt940(f):
    for number, (opening, lines) in enumerate(statements()):
        closing = opening + sum(c for _, c in lines)
        f.write(":20:BENCH%d\n:25:DE89370400440532013000\n:28C:%05d/1\n:60F:%s261120EUR%s\n"
                % (number, number + 1, "C" if opening >= 0 else "D", money(opening, ",")))
        for i, cents in lines:
            f.write(":61:2611201120%s%sNTRFPO-%08d//BK%010d\n" % ("C" if cents >= 0 else "D", money(cents, ","), i, i))
            text = entry_text(i)
            f.write(":86:" + "\n".join(text[k:k + 65] for k in range(0, len(text), 65)) + "\n")
        f.write(":62F:%s261120EUR%s\n-\n" % ("C" if closing >= 0 else "D", money(closing, ",")))
        if f.tell() >= target:
            break


def write_bai2(f):
    records = ["01,BANK,RECON,261121,0600,1,80,1,2/"]
    f.write(records[0] + "\n")
    file_total, groups, file_records = 0, 0, 1
    for number, (opening, lines) in enumerate(statements()):
        closing = opening + sum(c for _, c in lines)
        group = ["02,RECON,BANK,1,261120,2400,EUR,2/", "03,ACC%d,,010,%d,,,015,%d,,/" % (number, opening, closing)]
        total = opening + closing
        for i, cents in lines:
            text = entry_text(i)
            chunks = [text[k:k + 76] for k in range(0, len(text), 76)] or [""]
            group.append("16,%d,%d,,BK%010d,PO-%08d,%s" % (195 if cents >= 0 else 495, abs(cents), i, i, chunks[0]))
            group += ["88," + chunk for chunk in chunks[1:]]
            total += abs(cents)
        account_records = len(group) - 1 + 1
        group.append("49,%d,%d/" % (total, account_records))
        group.append("98,%d,1,%d/" % (total, len(group) + 1))
        f.write("\n".join(group) + "\n")
        file_total += total
        groups += 1
        file_records += len(group)
        if f.tell() >= target:
            break
    f.write("99,%d,%d,%d/\n" % (file_total, groups, file_records + 1))


def write_csv(f):
    f.write("account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n")
    for number, (_, lines) in enumerate(statements()):
        for i, cents in lines:
            f.write("ACC%d,2026-11-20,2026-11-20,%s%s,EUR,PO-%08d,\"%s\",BK%010d\n"
                    % (number, "-" if cents < 0 else "", money(cents, "."), i, entry_text(i), i))
        if f.tell() >= target:
            break


with open(out, "w") as f:
    {"camt053": write_camt, "mt940": write_mt940, "bai2": write_bai2, "csv": write_csv}[fmt](f)
