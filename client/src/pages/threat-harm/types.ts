/** The shapes of the /api/analytics answers this screen reads (see docs/analytics.md). */

export interface Released {
  count: number | null;
  suppressed: boolean;
}

export interface PartnerRef {
  id: string;
  name: string;
}

export interface RepeatAnswer {
  kind: 'subject' | 'place';
  rule: { incidents: number; windowDays: number; partners: number };
  period: { since: string; until: string } | null;
  summary: { suppressed: boolean; rows: { districtCode: string; districtName: string | null; repeat: Released; crossPartner: Released }[]; datasets: { slug: string; title: string; partner: PartnerRef; level: string }[] };
  list: {
    total: number;
    items: {
      key: string;
      incidents: number;
      partners: number;
      peakInWindow: number;
      firstSeen: string;
      lastSeen: string;
      byPartner: { partner: PartnerRef; dataset: string; districtName: string | null; incidents: number }[];
    }[];
  } | null;
}

export interface HotspotAnswer {
  periodDays: number;
  current: { after: string; until: string } | null;
  suppressed: boolean;
  items: { lsoaCode: string; lsoaName: string | null; districtCode: string | null; districtName: string | null; current: Released; previous: Released; change: number | null; changePercent: number | null }[];
}

export interface TrendAnswer {
  month: string | null;
  test: { method: string; pValue: number; minCount: number; baselineMonths: number };
  suppressed: boolean;
  items: { districtCode: string; districtName: string | null; category: string; latest: Released; expected: number | null; pValue: number | null; flagged: boolean }[];
}

export interface TriggerAnswer {
  met: boolean;
  qualifying: number;
  late: number;
  rule: { complaints: number; windowDays: number; reportWithinDays: number };
  bestWindow: { from: string; to: string; complaints: number } | null;
}
