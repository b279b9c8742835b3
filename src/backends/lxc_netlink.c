/* lxc_netlink.c: the few rtnetlink requests the lxc backend's NIC verbs
 * make themselves, on a raw NETLINK_ROUTE socket (no library, no shell):
 * create a veth pair whose host end joins a bridge and whose peer is born
 * in the container's network namespace, set an interface's MAC, delete an
 * interface, and dump the links and addresses of the namespace the calling
 * process is in (the container's, in a child that entered it). */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lxc_internal.h"

#define NL_BUF 8192

struct nl_msg {
	struct nlmsghdr h;
	struct ifinfomsg i;
	char room[1024];
};

/* Appends an attribute to m (computed from m itself, whose first member is
 * the header, so that the room after the header is m's own). */
static struct rtattr *put(struct nl_msg *m, int type, const void *data, size_t len)
{
	size_t at = NLMSG_ALIGN(m->h.nlmsg_len);
	if (at + RTA_SPACE(len) > sizeof(*m))
		abort(); /* the requests here are a few hundred bytes: a bug, not input */
	struct rtattr *a = (struct rtattr *)((char *)m + at);
	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	m->h.nlmsg_len = (unsigned)(at + RTA_ALIGN(a->rta_len));
	return a;
}

static void put_str(struct nl_msg *m, int type, const char *s)
{
	put(m, type, s, strlen(s) + 1);
}

static void put_u32(struct nl_msg *m, int type, unsigned v)
{
	put(m, type, &v, sizeof(v));
}

/* A nest ends where the message ends now. */
static void nest_end(struct nl_msg *m, struct rtattr *a)
{
	a->rta_len = (unsigned short)((char *)m + NLMSG_ALIGN(m->h.nlmsg_len) - (char *)a);
}

static void msg_init(struct nl_msg *m, int type, int flags)
{
	memset(m, 0, sizeof(*m));
	m->h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	m->h.nlmsg_type = (unsigned short)type;
	m->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	m->h.nlmsg_seq = 1;
	m->i.ifi_family = AF_UNSPEC;
}

/* Sends one request and reads its acknowledgement: 0 or -errno. */
static int talk(struct nl_msg *m)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int rc = -EIO;
	if (sendto(fd, m, m->h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		rc = -errno;
		goto out;
	}
	char buf[NL_BUF];
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		for (struct nlmsghdr *r = (struct nlmsghdr *)buf; NLMSG_OK(r, (unsigned)n); r = NLMSG_NEXT(r, n)) {
			if (r->nlmsg_type == NLMSG_ERROR) {
				rc = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
				goto out;
			}
		}
	}
out:
	close(fd);
	return rc;
}

int lxnl_veth_create(const char *host, const char *peer, const unsigned char *mac, unsigned master, pid_t pid)
{
	struct nl_msg m;
	msg_init(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	m.i.ifi_flags = m.i.ifi_change = IFF_UP;
	put_str(&m, IFLA_IFNAME, host);
	if (master)
		put_u32(&m, IFLA_MASTER, master);
	struct rtattr *li = put(&m, IFLA_LINKINFO, NULL, 0);
	put_str(&m, IFLA_INFO_KIND, "veth");
	struct rtattr *data = put(&m, IFLA_INFO_DATA, NULL, 0);
	struct rtattr *p = put(&m, VETH_INFO_PEER, NULL, 0);
	/* the peer's own ifinfomsg, then its attributes; not IFF_UP: the kernel
	 * configures the peer before it links the pair, and a veth without
	 * its peer refuses to come up (ENOTCONN) */
	struct ifinfomsg pi = { .ifi_family = AF_UNSPEC };
	memcpy(RTA_DATA(p), &pi, sizeof(pi));
	m.h.nlmsg_len += NLMSG_ALIGN(sizeof(pi));
	put_str(&m, IFLA_IFNAME, peer);
	if (mac)
		put(&m, IFLA_ADDRESS, mac, 6);
	put_u32(&m, IFLA_NET_NS_PID, (unsigned)pid);
	nest_end(&m, p);
	nest_end(&m, data);
	nest_end(&m, li);
	return talk(&m);
}

int lxnl_set_link(unsigned ifindex, const unsigned char *mac, bool up)
{
	struct nl_msg m;
	msg_init(&m, RTM_SETLINK, 0);
	m.i.ifi_index = (int)ifindex;
	if (up)
		m.i.ifi_flags = m.i.ifi_change = IFF_UP;
	if (mac)
		put(&m, IFLA_ADDRESS, mac, 6);
	return talk(&m);
}

int lxnl_delete(unsigned ifindex)
{
	struct nl_msg m;
	msg_init(&m, RTM_DELLINK, 0);
	m.i.ifi_index = (int)ifindex;
	return talk(&m);
}

/* ---- dumps ----------------------------------------------------------- */

static struct lxnl_link *link_of(struct lxnl_links *l, int index)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].index == index)
			return &l->v[i];
	return NULL;
}

static void one_link(struct lxnl_links *l, struct nlmsghdr *r)
{
	struct ifinfomsg *ifi = NLMSG_DATA(r);
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	struct lxnl_link *k = &l->v[l->n++];
	memset(k, 0, sizeof(*k));
	k->index = ifi->ifi_index;
	k->up = (ifi->ifi_flags & IFF_UP) != 0;
	int len = (int)IFLA_PAYLOAD(r);
	for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		switch (a->rta_type) {
		case IFLA_IFNAME:
			snprintf(k->name, sizeof(k->name), "%s", (char *)RTA_DATA(a));
			break;
		case IFLA_ADDRESS:
			if (RTA_PAYLOAD(a) == 6) {
				const unsigned char *b = RTA_DATA(a);
				snprintf(k->mac, sizeof(k->mac), "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3],
					 b[4], b[5]);
			}
			break;
		case IFLA_LINK:
			k->link = *(int *)RTA_DATA(a);
			break;
		case IFLA_LINKINFO: {
			int n = (int)RTA_PAYLOAD(a);
			for (struct rtattr *b = RTA_DATA(a); RTA_OK(b, n); b = RTA_NEXT(b, n))
				if (b->rta_type == IFLA_INFO_KIND)
					snprintf(k->kind, sizeof(k->kind), "%s", (char *)RTA_DATA(b));
			break;
		}
		default:
			break;
		}
	}
}

static void one_addr(struct lxnl_links *l, struct nlmsghdr *r)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(r);
	struct lxnl_link *k = link_of(l, (int)ifa->ifa_index);
	if (!k || (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return;
	int len = (int)IFA_PAYLOAD(r);
	const void *addr = NULL;
	for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFA_LOCAL || (a->rta_type == IFA_ADDRESS && !addr))
			addr = RTA_DATA(a);
	char text[64];
	if (!addr || !inet_ntop(ifa->ifa_family, addr, text, sizeof(text)))
		return;
	size_t used = strlen(k->addrs);
	snprintf(k->addrs + used, sizeof(k->addrs) - used, "%s%s/%u", used ? "," : "", text, ifa->ifa_prefixlen);
}

static int dump(int fd, int type, struct lxnl_links *l)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
	} req = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct rtgenmsg)), .nlmsg_type = (unsigned short)type,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 2 },
		  .g = { .rtgen_family = AF_UNSPEC } };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	if (sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	char *buf = xmalloc(32768);
	int rc = 0;
	for (;;) {
		ssize_t n = recv(fd, buf, 32768, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			break;
		}
		bool done = false;
		for (struct nlmsghdr *r = (struct nlmsghdr *)buf; NLMSG_OK(r, (unsigned)n); r = NLMSG_NEXT(r, n)) {
			if (r->nlmsg_type == NLMSG_DONE) {
				done = true;
			} else if (r->nlmsg_type == NLMSG_ERROR) {
				rc = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
				done = true;
			} else if (r->nlmsg_type == RTM_NEWLINK) {
				one_link(l, r);
			} else if (r->nlmsg_type == RTM_NEWADDR) {
				one_addr(l, r);
			}
		}
		if (done)
			break;
	}
	free(buf);
	return rc;
}

int lxnl_links(struct lxnl_links *out)
{
	memset(out, 0, sizeof(*out));
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	int rc = dump(fd, RTM_GETLINK, out);
	if (rc == 0)
		rc = dump(fd, RTM_GETADDR, out);
	close(fd);
	return rc;
}

void lxnl_links_clear(struct lxnl_links *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
