# Written by tgwsim advise from scenarios/eks-custom-networking.xml (scenario 'team-a-pod-ips'): 1 fix that held in every simulated run.
# Review before applying; variables are IDs the scenario does not know.

variable "cluster_main_name" {
  type        = string
  description = "the name of EKS cluster 'main'"
}

variable "vpc_team_a_id" {
  type        = string
  description = "the ID of VPC 'team-a'"
}

variable "cluster_main_security_group_id" {
  type        = string
  description = "the cluster security group of EKS cluster 'main'"
}

variable "route_table_private_id" {
  type        = string
  description = "the ID of route table 'private' of VPC 'team-a' (the cluster's node subnets)"
}

variable "cluster_main_zone_names" {
  type        = map(string)
  description = "the zone name (topology.kubernetes.io/zone of the nodes) of each AZ ID of cluster main"
}

# ---- cluster main: custom-networking ----
# tgwsim advise: holds in 2 of 2 runs; lowest free 46.7% (team-a/advise-main-pods-apne2-az1).
# Nodes launched before the change keep their max pods and their pods' addresses: launch the node groups again with max pods 44 (58 before: under custom networking the primary ENI serves no pods), then drain the old nodes. Pod egress leaving the VPC is SNATed to the node's address.
# Transit gateway: propagated into TGW table core/shared-services: active (keep CG-NAT space out of transit gateway tables: turn the propagation off and add static routes for the routable blocks).

resource "aws_vpc_ipv4_cidr_block_association" "main_pods" {
  vpc_id     = var.vpc_team_a_id
  cidr_block = "100.64.128.0/21"
}

locals {
  main_pods_subnets = {
    "apne2-az1" = "100.64.128.0/23"
    "apne2-az2" = "100.64.130.0/23"
    "apne2-az3" = "100.64.132.0/23"
  }
  main_pods_route_tables = {
    "apne2-az1" = var.route_table_private_id
    "apne2-az2" = var.route_table_private_id
    "apne2-az3" = var.route_table_private_id
  }
}

resource "aws_subnet" "main_pods" {
  for_each             = local.main_pods_subnets
  vpc_id               = aws_vpc_ipv4_cidr_block_association.main_pods.vpc_id
  cidr_block           = each.value
  availability_zone_id = each.key
  tags = {
    Name = "advise-main-pods-${each.key}"
  }
}

resource "aws_route_table_association" "main_pods" {
  for_each       = local.main_pods_route_tables
  subnet_id      = aws_subnet.main_pods[each.key].id
  route_table_id = each.value
}

resource "kubernetes_manifest" "main_eniconfig" {
  for_each = local.main_pods_subnets
  manifest = {
    apiVersion = "crd.k8s.amazonaws.com/v1alpha1"
    kind       = "ENIConfig"
    metadata = {
      name = var.cluster_main_zone_names[each.key]
    }
    spec = {
      subnet         = aws_subnet.main_pods[each.key].id
      securityGroups = [var.cluster_main_security_group_id]
    }
  }
}

resource "aws_eks_addon" "main" {
  cluster_name = var.cluster_main_name
  addon_name   = "vpc-cni"
  configuration_values = jsonencode({
    env = {
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = "true"
      ENI_CONFIG_LABEL_DEF = "topology.kubernetes.io/zone"
      WARM_ENI_TARGET = "1"
    }
  })
}

